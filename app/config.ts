/**
 * Configuration of the bench: defaults, the per-user data folder (the same one the desktop app
 * uses), and the `serve` command line with its environment-variable twins.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Settings } from '../shared/types';
import type { EngineOptions } from './engine';

export const PRODUCT_NAME = 'SCIM Bench';
export const DEFAULT_PORT = 7643; // after RFC 7643
export const DEFAULT_CONSOLE_PORT = 7644;
export const DEFAULT_BACKUP_INTERVAL_MS = 5 * 60_000;
export const MIN_BACKUP_INTERVAL_MS = 10_000;
export const DEFAULT_BACKUP_GENERATIONS = 10;
/** A token given by hand; generated ones are 32 characters (192 random bits). */
export const MIN_TOKEN_LENGTH = 20;

export interface ServeConfig {
  port: number;
  host: string;
  consolePort: number;
  dataDir: string;
  token: string | null;
  consoleKey: string | null;
  backupDir: string | null;
  backupIntervalMs: number;
  backupGenerations: number;
  trustProxy: boolean;
  strict: boolean;
  /** Record traffic (default on; off only to measure what capture costs). */
  capture: boolean;
  /** Options given as a flag or environment variable (they win over settings saved by the console). */
  given: string[];
}

/** Where Electron's `app.getPath('userData')` puts SCIM Bench's data on this OS. */
export function defaultDataDir(platform = process.platform, env = process.env, home = os.homedir()): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), PRODUCT_NAME);
}

/** `300` (seconds), `30s`, `5m`, `1h` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`'${text}' is not a duration (use 300, 30s, 5m or 1h)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

export class UsageError extends Error {}

const OPTIONS = {
  port: { type: 'string', env: 'SCIM_BENCH_PORT' },
  host: { type: 'string', env: 'SCIM_BENCH_HOST' },
  'console-port': { type: 'string', env: 'SCIM_BENCH_CONSOLE_PORT' },
  'data-dir': { type: 'string', env: 'SCIM_BENCH_DATA_DIR' },
  token: { type: 'string', env: 'SCIM_BENCH_TOKEN' },
  'console-key': { type: 'string', env: 'SCIM_BENCH_CONSOLE_KEY' },
  'backup-dir': { type: 'string', env: 'SCIM_BENCH_BACKUP_DIR' },
  'backup-interval': { type: 'string', env: 'SCIM_BENCH_BACKUP_INTERVAL' },
  'backup-generations': { type: 'string', env: 'SCIM_BENCH_BACKUP_GENERATIONS' },
  'trust-proxy': { type: 'boolean', env: 'SCIM_BENCH_TRUST_PROXY' },
  strict: { type: 'boolean', env: 'SCIM_BENCH_STRICT' },
  'no-capture': { type: 'boolean', env: 'SCIM_BENCH_NO_CAPTURE' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export type Command = { kind: 'serve'; config: ServeConfig } | { kind: 'help' } | { kind: 'version' };

function port(value: string, flag: string, allowZero = true): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535 || (!allowZero && n === 0))
    throw new UsageError(`--${flag} must be a port number (0-65535), got '${value}'`);
  return n;
}

/** Parses `serve [flags]`; flags win over environment variables, which win over defaults. */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv = process.env): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(OPTIONS).map(([k, v]) => [k, { type: v.type, ...('short' in v ? { short: v.short } : {}) }]),
      ),
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command = 'serve', ...rest] = positionals;
  if (command !== 'serve') throw new UsageError(`Unknown command '${command}' (the command is 'serve')`);
  if (rest.length) throw new UsageError(`Unexpected argument '${rest[0]}'`);

  const get = (name: keyof typeof OPTIONS): string | undefined => {
    const v = values[name];
    if (typeof v === 'string') return v;
    const fromEnv = 'env' in OPTIONS[name] ? env[(OPTIONS[name] as { env: string }).env] : undefined;
    return fromEnv === '' ? undefined : fromEnv;
  };
  const flag = (name: 'trust-proxy' | 'strict' | 'no-capture') =>
    values[name] === true || /^(1|true|yes)$/i.test(get(name) ?? '');

  const interval = get('backup-interval') ? parseDuration(get('backup-interval')!) : DEFAULT_BACKUP_INTERVAL_MS;
  if (interval < MIN_BACKUP_INTERVAL_MS) throw new UsageError('--backup-interval must be at least 10s');
  const generations = Number(get('backup-generations') ?? 10);
  if (!Number.isInteger(generations) || generations < 1 || generations > 1000)
    throw new UsageError(
      `--backup-generations must be a whole number from 1 to 1000, got '${get('backup-generations')}'`,
    );
  const token = get('token') ?? null;
  if (token !== null && token.length < MIN_TOKEN_LENGTH)
    throw new UsageError(
      `--token must be at least ${MIN_TOKEN_LENGTH} characters (it guards an endpoint on the internet)`,
    );
  return {
    kind: 'serve',
    config: {
      port: get('port') ? port(get('port')!, 'port') : DEFAULT_PORT,
      host: get('host') ?? '127.0.0.1',
      consolePort: get('console-port') ? port(get('console-port')!, 'console-port') : DEFAULT_CONSOLE_PORT,
      dataDir: path.resolve(get('data-dir') ?? defaultDataDir()),
      token,
      consoleKey: get('console-key') ?? null,
      backupDir: get('backup-dir') ?? null,
      backupIntervalMs: interval,
      backupGenerations: generations,
      trustProxy: flag('trust-proxy'),
      strict: flag('strict'),
      capture: !flag('no-capture'),
      given: Object.keys(OPTIONS).filter(
        (name) => get(name as keyof typeof OPTIONS) !== undefined || values[name] === true,
      ),
    },
  };
}

export const USAGE = `Usage: scim-bench serve [options]

  --port N               SCIM listener port (default ${DEFAULT_PORT}; 0 picks a free one)   SCIM_BENCH_PORT
  --host H               SCIM listener address (default 127.0.0.1)                      SCIM_BENCH_HOST
  --console-port N       console port, always on 127.0.0.1 (default ${DEFAULT_CONSOLE_PORT})            SCIM_BENCH_CONSOLE_PORT
  --data-dir DIR         data folder (default: ${defaultDataDir()})  SCIM_BENCH_DATA_DIR
  --token T              bearer token (default: generated once, kept in the data folder)  SCIM_BENCH_TOKEN
  --console-key K        console key (default: generated once, kept in the data folder) SCIM_BENCH_CONSOLE_KEY
  --backup-dir DIR       back up to this folder (default: off)                          SCIM_BENCH_BACKUP_DIR
  --backup-interval D    300, 30s, 5m, 1h (default 5m, at least 10s)                    SCIM_BENCH_BACKUP_INTERVAL
  --backup-generations N backups kept (default 10)                                    SCIM_BENCH_BACKUP_GENERATIONS
  --trust-proxy          use X-Forwarded-Proto/Host for meta.location (behind a tunnel) SCIM_BENCH_TRUST_PROXY
  --strict               refuse what the RFC does not allow instead of accepting it     SCIM_BENCH_STRICT
  --no-capture           do not record traffic (to measure what capture costs)      SCIM_BENCH_NO_CAPTURE
  -h, --help             this text
  -v, --version          the version`;

/**
 * The engine's options for `serve`: settings saved from the console are the defaults, and what was
 * given at launch (flag or environment variable) wins over them.
 */
export function engineOptions(config: ServeConfig, saved: Partial<Settings>): EngineOptions {
  const pick = <T>(flag: string, given: T, fromConsole: T | undefined): T =>
    config.given.includes(flag) || fromConsole === undefined ? given : fromConsole;
  return {
    dataDir: config.dataDir,
    port: config.port,
    host: config.host,
    token: config.token,
    backupDir: pick('backup-dir', config.backupDir, saved.backupDir),
    backupIntervalMs: pick('backup-interval', config.backupIntervalMs, saved.backupIntervalMs),
    backupGenerations: pick('backup-generations', config.backupGenerations, saved.backupGenerations),
    trustProxy: config.trustProxy,
    strict: pick('strict', config.strict, saved.strict),
    saved,
    captureTraffic: config.capture,
    consolePort: config.consolePort,
  };
}
