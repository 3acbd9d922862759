// Bundles the Node side: the `serve` CLI (ESM) and Electron's main and preload (CommonJS; the
// preload must be a single CommonJS file to run sandboxed). better-sqlite3 and electron stay
// external: one is a native module, the other is provided by the runtime. Worker and child-process
// entries are built by build-workers.mjs into dist/workers; each bundle is told where that is.
import { build } from 'esbuild';
import { buildWorkers } from './build-workers.mjs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
const workersAt = (relative) => ({ define: { __SCIM_BENCH_WORKERS__: JSON.stringify(relative) } });

await Promise.all([
  buildWorkers(),
  build({
    ...common,
    entryPoints: ['app/cli.ts'],
    outfile: 'dist/cli.mjs',
    format: 'esm',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    ...workersAt('./workers'),
  }),
  build({
    ...common,
    entryPoints: ['scripts/bench/run.ts'],
    outfile: 'dist/bench.mjs',
    format: 'esm',
    packages: 'external',
    ...workersAt('./workers'),
  }),
  build({
    ...common,
    entryPoints: ['main/index.ts'],
    outfile: 'dist/main/index.cjs',
    format: 'cjs',
    // app/traffic/traffic-writer.ts uses import.meta.url only where `require` is missing (ESM).
    logOverride: { 'empty-import-meta': 'silent' },
    external: ['electron', 'better-sqlite3'],
    ...workersAt('../workers'),
  }),
  build({
    ...common,
    entryPoints: ['main/preload.ts'],
    outfile: 'dist/main/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
]);
