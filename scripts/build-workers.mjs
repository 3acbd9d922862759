// Builds the worker and child-process entries (app/workers/entries.json lists them) into
// dist/workers as CommonJS: used by `npm run build` and by Vitest's global setup.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

/** name → source file under app/, from the list the engine resolves entries by. */
export const workerEntries = () => JSON.parse(readFileSync(path.join(root, 'app/workers/entries.json'), 'utf8'));

export async function buildWorkers(outdir = path.join(root, 'dist/workers')) {
  await build({
    entryPoints: Object.fromEntries(
      Object.entries(workerEntries()).map(([name, file]) => [name, path.join(root, 'app', file)]),
    ),
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    external: ['better-sqlite3', 'electron'],
    // Entries live in dist/workers themselves.
    define: { __SCIM_BENCH_WORKERS__: JSON.stringify('.') },
  });
}

if (process.argv[1] === import.meta.filename) await buildWorkers();
