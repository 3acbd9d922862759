/**
 * Opens a SQLite database file in WAL mode and brings its schema up to date. Migrations are an
 * append-only list: entry N moves a database from `user_version` N to N+1, in one transaction.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface OpenOptions {
  /** Ordered migrations; never edit a released one, append a new one. */
  migrations: readonly string[];
  readonly?: boolean;
}

export function openDatabase(file: string, { migrations, readonly = false }: OpenOptions): Db {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  try {
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode survives a crash or SIGKILL of the process (the WAL is written before
      // the commit returns); only a power cut can lose the last transactions. FULL would cost an
      // fsync per write, which a provisioning cycle of 100k creates would feel.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db, migrations);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Db, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length)
    throw new Error(
      `This database was written by a newer SCIM Bench (schema ${current}, this version knows ${migrations.length}).`,
    );
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
