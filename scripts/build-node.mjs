// Bundles the Node side: the `serve` CLI (ESM) and Electron's main and preload (CommonJS; the
// preload must be a single CommonJS file to run sandboxed). better-sqlite3 and electron stay
// external: one is a native module, the other is provided by the runtime.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({
    ...common,
    entryPoints: ['app/cli.ts'],
    outfile: 'dist/cli.mjs',
    format: 'esm',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    entryPoints: ['scripts/bench/run.ts'],
    outfile: 'dist/bench.mjs',
    format: 'esm',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['main/index.ts'],
    outfile: 'dist/main/index.cjs',
    format: 'cjs',
    // app/traffic/traffic-writer.ts uses import.meta.url only where `require` is missing (ESM).
    logOverride: { 'empty-import-meta': 'silent' },
    external: ['electron', 'better-sqlite3'],
  }),
  build({
    ...common,
    entryPoints: ['main/preload.ts'],
    outfile: 'dist/main/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
