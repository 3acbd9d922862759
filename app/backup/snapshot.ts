/** Consistent, verified snapshots of a live SQLite database (never a copy of the open file). */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import Database from 'better-sqlite3';
import type { Db } from '../store/database';

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Throws unless `file` is a SQLite database that passes integrity_check. */
export function verifyDatabase(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`integrity check failed: ${String(result)}`);
  } finally {
    db.close();
  }
}

/**
 * SQLite's online backup API: copies pages in steps while the endpoint keeps serving, and yields
 * a file that is a consistent state of the database.
 */
export async function snapshot(db: Db, destination: string): Promise<{ sha256: string }> {
  await db.backup(destination);
  verifyDatabase(destination);
  return { sha256: await sha256File(destination) };
}
