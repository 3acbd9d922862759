/** What this machine remembers about its backup folder (in the data folder, not on the share). */
import { promises as fs } from 'node:fs';
import { dataFile } from '../data-files';

export interface BackupState {
  target: string;
  /** The id in the folder's marker file when this machine last used it. */
  marker: string | null;
  /** The database state last published to or restored from the share. */
  synced: { lineage: string; changes: number } | null;
  /** Newest traffic entry id in the last traffic backup, and when it was made. */
  traffic?: { maxId: number; time: string };
}

export async function readBackupState(dataDir: string, target: string): Promise<BackupState> {
  try {
    const state = JSON.parse(await fs.readFile(dataFile(dataDir, 'backupState'), 'utf8')) as BackupState;
    if (state.target === target) return state;
  } catch {
    /* first use of this folder */
  }
  return { target, marker: null, synced: null };
}

export async function writeBackupState(dataDir: string, state: BackupState): Promise<void> {
  const file = dataFile(dataDir, 'backupState');
  await fs.writeFile(`${file}.tmp`, JSON.stringify(state, null, 2));
  await fs.rename(`${file}.tmp`, file);
}
