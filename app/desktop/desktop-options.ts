/**
 * The desktop app's engine options: the same launch table as `serve` (app/launch-options.ts), with
 * the same precedence — a flag passed on (`npm start -- --trust-proxy`), then the environment, then
 * what was saved from the console, then the default. Options only `serve` has are ignored here.
 */
import { parseArgs } from 'node:util';
import type { Settings } from '../../shared/types';
import { engineOptions } from '../config';
import type { EngineOptions } from '../engine';
import { LAUNCH_OPTIONS, PARSE_ARGS_OPTIONS, resolveLaunch } from '../launch-options';

const DESKTOP_FLAGS = Object.fromEntries(
  Object.values(LAUNCH_OPTIONS)
    .filter((spec) => !('serveOnly' in spec))
    .map((spec) => [spec.flag, PARSE_ARGS_OPTIONS[spec.flag]!]),
);

/** Throws UsageError (naming the option) on a bad value, as `serve` does; unknown arguments (Chromium's) pass. */
export function desktopEngineOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
  saved: Partial<Settings>,
  dataDir: string,
): Omit<EngineOptions, 'launchChild'> {
  const { values } = parseArgs({ args: argv, options: DESKTOP_FLAGS, strict: false, allowPositionals: true });
  const known = Object.fromEntries(Object.entries(values).filter(([flag]) => flag in DESKTOP_FLAGS)) as Record<
    string,
    string | boolean
  >;
  const launch = resolveLaunch(known, env, true);
  return {
    ...engineOptions({ ...launch.values, dataDir, sources: launch.sources }, saved),
    consolePort: null,
  };
}
