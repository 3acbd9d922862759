/**
 * Every file SCIM Bench keeps in its data folder, named in one place. Backups cover `bench` (and
 * `traffic`, hourly); the secrets (`credentials`, `consoleKey`) are never backed up, so a backup
 * share never holds a token.
 */
import path from 'node:path';

export const DATA_FILES = {
  /** The provisioning data of every endpoint (SQLite). */
  bench: 'bench.db',
  /** A generation being restored, verified before it replaces `bench`. */
  incoming: 'bench-incoming.db',
  /** The traffic log (SQLite), apart so that backups of `bench` stay small. */
  traffic: 'traffic.db',
  /** The default endpoint's bearer token(s), OAuth client and fingerprint key (owner-only). */
  credentials: 'credentials.json',
  /** Settings changed from the console. */
  settings: 'settings.json',
  /** `serve`'s console key (owner-only). */
  consoleKey: 'console-key.json',
  /** What this machine remembers of its backup folder. */
  backupState: 'backup-state.json',
  /** The desktop window's size and place. */
  windowState: 'window-state.json',
  /** The desktop app's log folder. */
  logs: 'logs',
} as const;

export type DataFile = keyof typeof DATA_FILES;

export const dataFile = (dataDir: string, name: DataFile): string => path.join(dataDir, DATA_FILES[name]);

/** Another endpoint's credentials (the default one's are `credentials`): never in bench.db, so never backed up. */
export const endpointCredentialsFile = (dataDir: string, id: string): string =>
  path.join(dataDir, `credentials-${id}.json`);
