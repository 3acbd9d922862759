/**
 * Where the bench's worker threads and child processes start. They are real entry files
 * (`*.worker.ts`, `*.child.ts`) that esbuild builds beside the bundles (`dist/workers/<name>.cjs`;
 * see scripts/build-node.mjs), so they are typed, linted and reuse the engine's own modules.
 * Tests run the TypeScript sources, which cannot start a worker from a `.ts` file: Vitest's global
 * setup builds the same entries into `dist/workers` first (app/test/build-workers.ts).
 *
 * CommonJS on purpose: a worker thread, `child_process.fork` and Electron's `utilityProcess` all
 * load it the same way, from the CLI's ESM bundle, Electron's CommonJS bundle or the sources.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
/** Every entry there is, with its source (relative to app/); the build reads the same file. */
import ENTRIES from './entries.json';

export type EntryName = keyof typeof ENTRIES;

/** Set by esbuild in each bundle: the workers folder relative to the bundle file. */
declare const __SCIM_BENCH_WORKERS__: string | undefined;

function here(): string {
  // The Electron bundle is CommonJS (no import.meta.url); the CLI bundle and the sources are ESM.
  return typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
}

/** The built entry file to start for `name`. */
export function entryFile(name: EntryName): string {
  const relative = typeof __SCIM_BENCH_WORKERS__ === 'string' ? __SCIM_BENCH_WORKERS__ : '../../dist/workers';
  return path.join(here(), relative, `${name}.cjs`);
}
