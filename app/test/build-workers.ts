/**
 * Vitest global setup: the engine starts its worker threads and child processes from built entry
 * files (app/workers/entry-file.ts), so the tests build exactly those files first — the same build
 * `npm run build` makes, from the same sources the tests import.
 */
// @ts-expect-error a plain ES module of the build scripts, without types
import { buildWorkers } from '../../scripts/build-workers.mjs';

export default async function setup(): Promise<void> {
  await (buildWorkers as () => Promise<void>)();
}
