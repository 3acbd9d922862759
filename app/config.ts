/**
 * Configuration of the bench: the per-user data folder (the same one the desktop app uses), the
 * `serve` command line, and the engine's options from launch values and saved settings. What the
 * options are lives in app/launch-options.ts.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Settings } from '../shared/types';
import type { EngineOptions } from './engine';
import {
  PARSE_ARGS_OPTIONS,
  UsageError,
  helpText,
  resolveLaunch,
  withSaved,
  type LaunchKey,
  type LaunchSource,
  type LaunchValues,
} from './launch-options';

export { UsageError, parseDuration } from './launch-options';

export const PRODUCT_NAME = 'SCIM Bench';

export interface ServeConfig extends Omit<LaunchValues, 'dataDir'> {
  dataDir: string;
  /** Where each value came from: saved settings replace only defaults. */
  sources: Record<LaunchKey, LaunchSource>;
}

/** Where Electron's `app.getPath('userData')` puts SCIM Bench's data on this OS. */
export function defaultDataDir(platform = process.platform, env = process.env, home = os.homedir()): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), PRODUCT_NAME);
}

export type Command = { kind: 'serve'; config: ServeConfig } | { kind: 'help' } | { kind: 'version' };

/** Parses `serve [flags]`; a flag wins over its environment variable, which wins over the default. */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv = process.env): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...PARSE_ARGS_OPTIONS,
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // Node's hint lines too: "To specify an option argument starting with a dash use '--token=-XYZ'".
    throw new UsageError((error as Error).message.replace(/\n+/g, ' '));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command = 'serve', ...rest] = positionals;
  if (command !== 'serve') throw new UsageError(`Unknown command '${command}' (the command is 'serve')`);
  if (rest.length) throw new UsageError(`Unexpected argument '${rest[0]}'`);
  const launch = resolveLaunch(values, env);
  return {
    kind: 'serve',
    config: {
      ...launch.values,
      dataDir: path.resolve(launch.values.dataDir ?? defaultDataDir()),
      sources: launch.sources,
    },
  };
}

export const USAGE = `${helpText(defaultDataDir())}

Usage: scim-bench check <base-url> --token T   grade your own SCIM server as Entra and Okta use it (check --help)`;

/**
 * The engine's options: settings saved from the console replace defaults, and what was given at
 * launch (flag or environment variable) wins over them. The desktop app resolves its launch values
 * through the same table (main/index.ts).
 */
export function engineOptions(config: ServeConfig, saved: Partial<Settings>): EngineOptions {
  const launch = { values: { ...config, dataDir: config.dataDir }, sources: config.sources };
  return {
    dataDir: config.dataDir,
    port: config.port,
    host: config.host,
    token: config.token,
    backupDir: withSaved('backupDir', launch, saved),
    backupIntervalMs: withSaved('backupIntervalMs', launch, saved),
    backupGenerations: withSaved('backupGenerations', launch, saved),
    strict: withSaved('strict', launch, saved),
    saved,
    trustProxy: config.trustProxy,
    captureTraffic: !config.noCapture,
    consolePort: config.consolePort,
    endpointsFile: config.endpointsFile,
  };
}
