/**
 * Snapshots of the live databases and adoption of generations from the share, each run on a
 * worker thread (generation-db.ts) so SCIM requests keep being served meanwhile.
 */
import { promises as fs } from 'node:fs';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { entryFile } from '../workers/entry-file';
import type { DbJob, DbJobResult, GenerationInfo } from './generation-db';
import type { GenerationKind } from './manifest';

export type { GenerationInfo } from './generation-db';

export class DbJobError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Starts a worker for one job; rejects if it fails or the thread dies without answering. */
function inWorker(job: DbJob): Promise<GenerationInfo> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const worker = new Worker(entryFile('generation-db'), { workerData: job });
    worker.once('message', (result: DbJobResult) => {
      answered = true;
      if (result.ok) resolve(result.info);
      else reject(new DbJobError(result.code, result.message));
    });
    worker.once('error', (error) => reject(new DbJobError('EWORKER', `the backup thread failed: ${error.message}`)));
    worker.once('exit', (code) => {
      if (!answered) reject(new DbJobError('EWORKER', `the backup thread stopped (exit code ${code})`));
    });
  });
}

/** Removes a database file and whatever SQLite may have left beside it. */
export async function removeDatabaseFiles(file: string): Promise<void> {
  await Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => fs.rm(file + suffix, { force: true })));
}

/**
 * A consistent, verified copy of the live database file `source` at `dest`, by VACUUM INTO on a
 * read-only connection of its own: no free pages, no -wal or -shm. Resolves with what it holds.
 */
export function snapshot(source: string, dest: string, kind: GenerationKind): Promise<GenerationInfo> {
  return inWorker({ kind: 'snapshot', generation: kind, source, dest });
}

/**
 * Copies the rows of an untrusted generation file into a freshly migrated database at `dest`
 * (see generation-db.ts). Rejects with the reason when it cannot be adopted.
 */
export function adopt(source: string, dest: string, kind: GenerationKind): Promise<GenerationInfo> {
  return inWorker({ kind: 'adopt', generation: kind, source, dest });
}

/**
 * Throws unless `file` is a SQLite database that passes quick_check: every page and record is
 * well-formed (integrity_check adds index-to-table cross-checks, several times slower on 200 MB).
 * For this machine's own database only; files from the share go through `adopt`.
 */
export function verifyDatabase(file: string): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new Error(`integrity check failed: ${String(result)}`);
  } finally {
    db.close();
  }
}
