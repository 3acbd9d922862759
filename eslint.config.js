import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
  {
    files: ['app/**', 'shared/**', 'renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main/ may import electron.' }] }],
    },
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
