/**
 * Every option the bench takes at launch, in one table: flag, environment variable, default,
 * description and parser. `serve` (app/config.ts) and the desktop app (main/index.ts) both read
 * launch options through it, with one precedence — flag, then environment variable, then the
 * setting saved from the console, then the default — and `--help` and the README's table are
 * generated from it (app/launch-options.test.ts keeps the README true).
 */
import type { Settings } from '../shared/types';

export class UsageError extends Error {}

export const DEFAULT_PORT = 7643; // after RFC 7643
export const DEFAULT_CONSOLE_PORT = 7644;
export const DEFAULT_BACKUP_INTERVAL_MS = 5 * 60_000;
export const MIN_BACKUP_INTERVAL_MS = 10_000;
export const DEFAULT_BACKUP_GENERATIONS = 10;
/** A token given by hand; generated ones are 32 characters (192 random bits). */
export const MIN_TOKEN_LENGTH = 20;

/** `300` (seconds), `30s`, `5m`, `1h` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`'${text}' is not a duration (use 300, 30s, 5m or 1h)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

const port =
  (flag: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > 65535)
      throw new UsageError(`--${flag} must be a port number (0-65535), got '${value}'`);
    return n;
  };

const text = (value: string) => value;
const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;
const yesNo =
  (flag: string) =>
  (value: string): boolean => {
    if (TRUE.test(value)) return true;
    if (FALSE.test(value)) return false;
    throw new UsageError(`${flag} is on or off (1/true/yes or 0/false/no), got '${value}'`);
  };

interface Option<T> {
  /** The flag without its dashes. */
  flag: string;
  env: string;
  /** What the flag takes (`N`, `DIR`); absent for a switch. */
  arg?: string;
  /** The default, in words for --help and the README. */
  defaultText: string;
  description: string;
  parse(value: string): T;
  fallback: T;
  /** The console setting it wins over, when there is one. */
  setting?: keyof Settings;
  /** Only `serve` has it (the desktop app has no console port or key). */
  serveOnly?: true;
}

const option = <T>(spec: Option<T>) => spec;

/** The table. Its order is the order of --help and of the README. */
export const LAUNCH_OPTIONS = {
  port: option({
    flag: 'port',
    env: 'SCIM_BENCH_PORT',
    arg: 'N',
    defaultText: `\`${DEFAULT_PORT}\``,
    description: 'SCIM listener port (after RFC 7643); `0` picks a free one',
    parse: port('port'),
    fallback: DEFAULT_PORT,
  }),
  host: option({
    flag: 'host',
    env: 'SCIM_BENCH_HOST',
    arg: 'H',
    defaultText: '`127.0.0.1`',
    description: 'SCIM listener address',
    parse: text,
    fallback: '127.0.0.1',
  }),
  consolePort: option({
    flag: 'console-port',
    env: 'SCIM_BENCH_CONSOLE_PORT',
    arg: 'N',
    defaultText: `\`${DEFAULT_CONSOLE_PORT}\``,
    description: 'console port, always bound to 127.0.0.1',
    parse: port('console-port'),
    fallback: DEFAULT_CONSOLE_PORT,
    serveOnly: true,
  }),
  dataDir: option<string | null>({
    flag: 'data-dir',
    env: 'SCIM_BENCH_DATA_DIR',
    arg: 'DIR',
    defaultText: "the desktop app's folder (below)",
    description: 'where the databases and token live',
    parse: text,
    fallback: null,
  }),
  token: option<string | null>({
    flag: 'token',
    env: 'SCIM_BENCH_TOKEN',
    arg: 'T',
    defaultText: 'generated once, kept in the data folder',
    description: `the default endpoint's bearer token (at least ${MIN_TOKEN_LENGTH} characters)`,
    parse: (value) => {
      if (value.length < MIN_TOKEN_LENGTH)
        throw new UsageError(
          `--token must be at least ${MIN_TOKEN_LENGTH} characters (it guards an endpoint on the internet)`,
        );
      return value;
    },
    fallback: null,
  }),
  consoleKey: option<string | null>({
    flag: 'console-key',
    env: 'SCIM_BENCH_CONSOLE_KEY',
    arg: 'K',
    defaultText: 'generated once, kept in the data folder',
    description: 'key in the console URL',
    parse: text,
    fallback: null,
    serveOnly: true,
  }),
  backupDir: option<string | null>({
    flag: 'backup-dir',
    env: 'SCIM_BENCH_BACKUP_DIR',
    arg: 'DIR',
    defaultText: 'off',
    description: 'folder (or share) to back up to',
    parse: text,
    fallback: null,
    setting: 'backupDir',
  }),
  backupIntervalMs: option({
    flag: 'backup-interval',
    env: 'SCIM_BENCH_BACKUP_INTERVAL',
    arg: 'D',
    defaultText: '`5m`',
    description: '`300`, `30s`, `5m`, `1h`; at least `10s`',
    parse: (value) => {
      const ms = parseDuration(value);
      if (ms < MIN_BACKUP_INTERVAL_MS) throw new UsageError('--backup-interval must be at least 10s');
      return ms;
    },
    fallback: DEFAULT_BACKUP_INTERVAL_MS,
    setting: 'backupIntervalMs',
  }),
  backupGenerations: option({
    flag: 'backup-generations',
    env: 'SCIM_BENCH_BACKUP_GENERATIONS',
    arg: 'N',
    defaultText: `\`${DEFAULT_BACKUP_GENERATIONS}\``,
    description: 'backups kept in the folder',
    parse: (value) => {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 1 || n > 1000)
        throw new UsageError(`--backup-generations must be a whole number from 1 to 1000, got '${value}'`);
      return n;
    },
    fallback: DEFAULT_BACKUP_GENERATIONS,
    setting: 'backupGenerations',
  }),
  endpointsFile: option<string | null>({
    flag: 'endpoints',
    env: 'SCIM_BENCH_ENDPOINTS',
    arg: 'FILE',
    defaultText: 'none',
    description: 'a JSON file of endpoints to create or update at start (docs/endpoints.md)',
    parse: text,
    fallback: null,
  }),
  trustProxy: option({
    flag: 'trust-proxy',
    env: 'SCIM_BENCH_TRUST_PROXY',
    defaultText: 'off',
    description: 'use `X-Forwarded-Proto/Host` for `meta.location` behind a tunnel',
    parse: yesNo('SCIM_BENCH_TRUST_PROXY'),
    fallback: false,
  }),
  strict: option({
    flag: 'strict',
    env: 'SCIM_BENCH_STRICT',
    defaultText: 'off',
    description: 'refuse what the RFC does not allow instead of accepting and noting it, on every endpoint',
    parse: yesNo('SCIM_BENCH_STRICT'),
    fallback: false,
    setting: 'strict',
  }),
  noCapture: option({
    flag: 'no-capture',
    env: 'SCIM_BENCH_NO_CAPTURE',
    defaultText: 'off',
    description: 'do not record traffic (only to measure what capture costs)',
    parse: yesNo('SCIM_BENCH_NO_CAPTURE'),
    fallback: false,
  }),
} as const;

export type LaunchKey = keyof typeof LAUNCH_OPTIONS;
export type LaunchValues = { -readonly [K in LaunchKey]: (typeof LAUNCH_OPTIONS)[K]['fallback'] };
/** Where each value came from: settings saved from the console only replace defaults. */
export type LaunchSource = 'flag' | 'environment' | 'default';

const entries = Object.entries(LAUNCH_OPTIONS) as [LaunchKey, Option<unknown>][];

/**
 * The launch values from flags already split by parseArgs (`flags`, keyed by flag name) and the
 * environment; an empty variable counts as not set. Throws UsageError naming the bad option.
 */
export function resolveLaunch(
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
  forDesktop = false,
): { values: LaunchValues; sources: Record<LaunchKey, LaunchSource> } {
  const values = {} as Record<LaunchKey, unknown>;
  const sources = {} as Record<LaunchKey, LaunchSource>;
  for (const [key, spec] of entries) {
    const flag = flags[spec.flag];
    const fromEnv = forDesktop && spec.serveOnly ? undefined : env[spec.env] || undefined;
    if (flag !== undefined) {
      values[key] = typeof flag === 'boolean' ? flag : spec.parse(flag);
      sources[key] = 'flag';
    } else if (fromEnv !== undefined) {
      values[key] = spec.parse(fromEnv);
      sources[key] = 'environment';
    } else {
      values[key] = spec.fallback;
      sources[key] = 'default';
    }
  }
  return { values: values as LaunchValues, sources };
}

/** A setting saved from the console replaces a default, never a value given at launch. */
export function withSaved<K extends LaunchKey>(
  key: K,
  launch: { values: LaunchValues; sources: Record<LaunchKey, LaunchSource> },
  saved: Partial<Settings>,
): LaunchValues[K] {
  const setting = (LAUNCH_OPTIONS[key] as Option<unknown>).setting;
  const stored = setting ? saved[setting] : undefined;
  return launch.sources[key] === 'default' && stored !== undefined ? (stored as LaunchValues[K]) : launch.values[key];
}

/** parseArgs' option list, from the table. */
export const PARSE_ARGS_OPTIONS = Object.fromEntries(
  entries.map(([, spec]) => [spec.flag, { type: spec.arg ? ('string' as const) : ('boolean' as const) }]),
);

const usageName = (spec: Option<unknown>) => `--${spec.flag}${spec.arg ? ` ${spec.arg}` : ''}`;
const plain = (markdown: string) => markdown.replace(/`/g, '');

/** `--help`: every option with its variable and default, columns aligned. */
export function helpText(dataDirDefault: string): string {
  const rows = entries.map(([key, spec]) => [
    usageName(spec),
    `${plain(spec.description)} (default: ${key === 'dataDir' ? dataDirDefault : plain(spec.defaultText)})`,
    spec.env,
  ]);
  rows.push(['-h, --help', 'this text', ''], ['-v, --version', 'the version', '']);
  const width = (column: number) => Math.max(...rows.map((row) => row[column]!.length));
  const lines = rows.map(([name, description, env]) =>
    `  ${name!.padEnd(width(0))}  ${env ? `${env!.padEnd(width(2))}  ` : ''.padEnd(width(2) + 2)}${description}`.trimEnd(),
  );
  return ['Usage: scim-bench serve [options]', '', ...lines].join('\n');
}

/** The README's table of options (checked against the README by a test). */
export function readmeTable(): string {
  const rows = entries.map(
    ([, spec]) =>
      `| \`${usageName(spec)}\` | \`${spec.env}\` | ${spec.defaultText} | ${spec.description}${spec.serveOnly ? ' (`serve` only)' : ''} |`,
  );
  return ['| option | variable | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
