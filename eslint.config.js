import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ELECTRON = { name: 'electron', message: 'Only main/ may import electron.' };
const IO_PACKAGES = ['express', 'better-sqlite3'].map((name) => ({ name, message: 'This code is pure: no I/O.' }));
const NODE = { group: ['node:*'], message: 'This code is pure (or runs in a browser): no Node modules.' };
const RENDERER = { group: ['**/renderer/**'], message: 'Nothing outside the UI imports the UI.' };
const APP = { group: ['**/app/**'], message: 'The UI and the contract reach the engine only through shared/.' };
const IMPURE = {
  group: [
    '../store/**',
    '../http/**',
    '../service/**',
    '../backup/**',
    '../auth/**',
    '../traffic/**',
    '../fs/**',
    '../engine',
  ],
  message: 'app/scim is the pure protocol: the store, HTTP and the service build on it, not the reverse.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The engine and UI must run without Electron (see docs/architecture.md).
      'no-restricted-imports': 'off',
    },
  },
  // Import boundaries (docs/architecture.md): each block is the whole list for its files, since a
  // later no-restricted-imports replaces an earlier one.
  {
    files: ['app/**', 'shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON], patterns: [RENDERER] }] },
  },
  {
    files: ['main/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [RENDERER] }] },
  },
  {
    files: ['app/scim/**'],
    ignores: ['app/scim/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON, ...IO_PACKAGES], patterns: [NODE, IMPURE] }] },
  },
  {
    files: ['shared/**'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON, ...IO_PACKAGES], patterns: [NODE, RENDERER, APP] }],
    },
  },
  {
    // The one contract suite drives the UI's own HTTP transport against the engine, on purpose.
    files: ['app/desktop/contract.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON] }] },
  },
  {
    files: ['renderer/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON, ...IO_PACKAGES], patterns: [NODE, APP] }] },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // We do not use the React Compiler, so its compatibility warnings do not apply.
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/incompatible-library': 'off',
      // Screens reach the engine through bench-context (useBench/useDesktop), never around it.
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'bench', message: 'Use useBench() / useDesktop() from api/bench-context.' },
      ],
    },
  },
  {
    files: ['renderer/src/api/bench.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
