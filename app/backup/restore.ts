/**
 * Restore, at launch (before the endpoint opens) and on request. Only from a folder that holds
 * its marker file, and never a generation file as it is: its rows are copied into a database the
 * bench creates itself (fetchAndAdopt). At launch:
 * - no local database, or a damaged one → restore the newest generation that passes its checksum,
 *   integrity check and adoption (the others are skipped and reported, each with its reason);
 * - the share ahead of this machine (same lineage, higher change counter, and no local changes
 *   since this machine last synced — e.g. the user moved to a new laptop and back) → restore it;
 * - both changed since they parted → keep local and report the conflict.
 * Nothing is overwritten without a copy: a replaced local database is set aside, never deleted.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { dataFile } from '../data-files';
import { readBackupState, writeBackupState } from './backup-state';
import type { EndpointRestored } from '../../shared/endpoints';
import { isDiskFull } from './generation-db';
import type { GenerationKind } from './manifest';
import { endpointsRestored } from './restored-endpoints';
import { Share, type Generation, type ShareOptions } from './share';
import { adopt, removeDatabaseFiles, verifyDatabase, type DbJobError } from './snapshot';

export interface RestoreReport {
  restored: string | null;
  skipped: { file: string; reason: string }[];
  /** Where the replaced local database was kept. */
  setAside: string | null;
  /** Why local data was kept although the share differs; null when there is no conflict. */
  conflict: string | null;
  /** What the restored bench.db holds, per endpoint (empty when nothing was restored). */
  endpoints: EndpointRestored[];
}

export const emptyReport = (): RestoreReport => ({
  restored: null,
  skipped: [],
  setAside: null,
  conflict: null,
  endpoints: [],
});

interface LocalState {
  lineage: string;
  changes: number;
}

function readLocal(dbFile: string): LocalState | null {
  try {
    verifyDatabase(dbFile);
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      const get = (key: string) =>
        (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string }).value;
      return { lineage: get('lineage'), changes: Number(get('changes')) };
    } finally {
      db.close();
    }
  } catch {
    return null; // not a database, damaged, or from before meta existed
  }
}

/** Moves a database and its WAL files aside; returns the new name. */
export async function setAside(dbFile: string, why: string): Promise<string> {
  const aside = `${dbFile}.${why}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(dbFile + suffix)) await fs.rename(dbFile + suffix, aside + suffix);
  return aside;
}

/** Undoes setAside (when what was to replace the database could not be put in place). */
export async function putBack(aside: string, dbFile: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(aside + suffix)) await fs.rename(aside + suffix, dbFile + suffix);
}

/**
 * Brings one generation from the share to `dest` without trusting it: fetched (at most its
 * recorded size) to a side file, checked against the manifest's SHA-256, then its rows copied
 * into a freshly migrated database (snapshot.ts → generation-db.ts). Throws the reason it is refused.
 */
async function fetchAndAdopt(share: Share, generation: Generation, kind: GenerationKind, dest: string) {
  const untrusted = `${dest}.untrusted`;
  await removeDatabaseFiles(untrusted);
  try {
    if ((await share.fetch(generation, untrusted)) !== generation.sha256)
      throw new Error('checksum does not match the manifest');
    const info = await adopt(untrusted, dest, kind).catch((error: DbJobError) => {
      throw new Error(
        isDiskFull(error) ? `The local disk is full (${path.dirname(dest)}): ${error.message}` : error.message,
      );
    });
    if (kind === 'bench' && info.lineage !== generation.lineage)
      throw new Error('its lineage is not the one the manifest records');
    return info;
  } catch (error) {
    await removeDatabaseFiles(dest);
    throw error;
  } finally {
    await removeDatabaseFiles(untrusted);
  }
}

/**
 * Fetches and adopts generations newest first; the first good one becomes `dbFile` (the one there
 * is set aside). Returns its entry, with the change counter and lineage the restored copy holds.
 */
export async function restoreNewestValid(
  share: Share,
  generations: Generation[],
  dbFile: string,
  kind: GenerationKind,
  report: RestoreReport,
): Promise<Generation | null> {
  const incoming = `${dbFile}.restoring`;
  for (const generation of generations) {
    try {
      const info = await fetchAndAdopt(share, generation, kind, incoming);
      const endpoints = kind === 'bench' ? endpointsRestored(incoming) : [];
      const aside = existsSync(dbFile) ? await setAside(dbFile, 'before-restore') : null;
      await fs.rename(incoming, dbFile).catch(async (error: unknown) => {
        if (aside) await putBack(aside, dbFile);
        throw error;
      });
      report.setAside ??= aside;
      report.restored = generation.file;
      if (kind === 'bench') report.endpoints = endpoints;
      return { ...generation, ...info };
    } catch (error) {
      report.skipped.push({ file: generation.file, reason: (error as Error).message });
      await removeDatabaseFiles(incoming);
    }
  }
  return null;
}

/** The entry of a listed generation, for a restore on request; refuses a folder without its marker. */
export async function listedGeneration(share: Share, file: string): Promise<Generation | null> {
  await share.requireMarker();
  return (await share.readManifest()).manifest.generations.find((g) => g.file === file) ?? null;
}

export async function reconcileOnLaunch(
  dataDir: string,
  backupDir: string,
  options: ShareOptions,
): Promise<RestoreReport> {
  const report = emptyReport();
  const dbFile = dataFile(dataDir, 'bench');
  const share = new Share(backupDir, options);
  try {
    const { manifest, ignored } = await share.readManifest();
    if (!manifest.generations.length && !manifest.traffic?.length && !ignored.length) return report; // a new folder
    // Someone's copy of the files on an unmounted share's mount point is not the backup folder.
    await share.requireMarker();
    report.skipped.push(...ignored);
    const state = await readBackupState(dataDir, backupDir);
    const newest = manifest.generations[0];
    const local = existsSync(dbFile) ? readLocal(dbFile) : null;
    if (existsSync(dbFile) && !local) report.setAside = await setAside(dbFile, 'damaged');

    let restore = !local;
    if (local && newest) {
      const unchangedSinceSync = state.synced?.lineage === local.lineage && local.changes <= state.synced.changes;
      const shareAhead = newest.lineage === local.lineage && newest.changes > local.changes;
      const foreign = newest.lineage !== local.lineage;
      if ((shareAhead && unchangedSinceSync) || (foreign && local.changes === 0)) restore = true;
      else if (shareAhead || foreign)
        report.conflict =
          `The backup folder has ${foreign ? 'a different database' : 'newer changes'} (${newest.file}, from ${newest.host} at ${newest.time}) ` +
          `and this machine has changes of its own since they last matched. This machine's data was kept, and automatic ` +
          `backups are paused: restore the folder's generation, or back up now to keep this machine's.`;
    }
    if (restore && manifest.generations.length) {
      const generation = await restoreNewestValid(share, manifest.generations, dbFile, 'bench', report);
      if (generation)
        await writeBackupState(dataDir, {
          ...state,
          synced: { lineage: generation.lineage, changes: generation.changes },
        });
    }
    await restoreTrafficIfMissing(share, manifest.traffic ?? [], dataFile(dataDir, 'traffic'), report);
  } finally {
    share.close();
  }
  return report;
}

async function restoreTrafficIfMissing(
  share: Share,
  generations: Generation[],
  file: string,
  report: RestoreReport,
): Promise<void> {
  if (existsSync(file) || !generations.length) return;
  const traffic = emptyReport();
  await restoreNewestValid(share, generations, file, 'traffic', traffic);
  report.skipped.push(...traffic.skipped);
}
