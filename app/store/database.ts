/**
 * Opens a SQLite database file in WAL mode and brings its schema up to date. Migrations are an
 * append-only list: entry N moves a database from `user_version` N to N+1, in one transaction.
 * Database files are owner-only (0600); SQLite gives its `-wal` and `-shm` files the mode of the
 * database file, and ones left by an older bench are tightened here.
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { PRIVATE_FILE_MODE, makePrivate } from '../fs/private-mode';

export type Db = Database.Database;

export interface OpenOptions {
  /** Ordered migrations; never edit a released one, append a new one. */
  migrations: readonly string[];
  readonly?: boolean;
  /**
   * Overwrite deleted content with zeros (`secure_delete`), so cleared rows do not live on in free
   * pages, and give free pages back to the file system (`auto_vacuum = INCREMENTAL`; an existing
   * file is converted once, by a VACUUM). For the traffic log, which holds what clients sent.
   */
  eraseDeleted?: boolean;
}

export function openDatabase(file: string, { migrations, readonly = false, eraseDeleted = false }: OpenOptions): Db {
  if (!readonly) createPrivately(file);
  const db = new Database(file, { readonly, fileMustExist: readonly });
  try {
    if (!readonly) {
      for (const sidecar of ['-wal', '-shm']) makePrivate(file + sidecar);
      db.pragma('busy_timeout = 5000');
      if (eraseDeleted) {
        db.pragma('secure_delete = ON');
        useIncrementalVacuum(db);
      }
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode survives a crash or SIGKILL of the process (the WAL is written before
      // the commit returns); only a power cut can lose the last transactions. FULL would cost an
      // fsync per write, which a provisioning cycle of 100k creates would feel.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, migrations);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The file exists before SQLite opens it, with owner-only permissions (SQLite would use the umask). */
function createPrivately(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  makePrivate(file);
}

const INCREMENTAL = 2;

function useIncrementalVacuum(db: Db): void {
  if (db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return;
  db.pragma('auto_vacuum = INCREMENTAL'); // applies at once to a database without tables
  if (db.pragma('auto_vacuum', { simple: true }) !== INCREMENTAL) db.exec('VACUUM'); // one-time rewrite
}

function migrate(db: Db, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length)
    throw new Error(
      `This database was written by a newer SCIM Bench (schema ${current}, this version knows ${migrations.length}).`,
    );
  for (let version = current; version < migrations.length; version++) {
    // IMMEDIATE, and the version read again inside: two connections that open a new file at the
    // same time (the traffic writer thread and the main thread) must not both run a step.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) !== version) return;
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
