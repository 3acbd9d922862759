/**
 * Choosing the backup folder: what saving a folder would do, in words, and the rule that decides
 * whether it may be saved — the same for the Backup screen (`backup:check-folder`), for
 * `settings:update` over IPC or HTTP, and for a script. Saving once took an unedited field for
 * "no folder" and turned backups off without a word; now a folder is looked at first (in the
 * share child, with its timeout: the share may hang) and the answer says what will happen.
 *
 * A folder that lost its marker is refused by every backup (it is most likely an unmounted
 * share's empty mount point: docs/backup.md). When the user says it was recreated on purpose,
 * `startNewBackupSet` writes a new marker there — only then, and only in the folder in use.
 */
import path from 'node:path';
import type { BackupFolderCheck } from '../../shared/types';
import { CommandError } from '../commands';
import { readBackupState, writeBackupState } from './backup-state';
import type { ChildLauncher } from './child-launcher';
import { Share, ShareError } from './share';
import type { FolderFacts } from './share-protocol';

export interface FolderContext {
  dataDir: string;
  /** The folder backups go to now (null: off). */
  current: string | null;
  timeoutMs: number;
  launch?: ChildLauncher | undefined;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** What saving `dir` as the backup folder would do, or why it cannot be saved. */
export async function checkBackupFolder(dir: string, context: FolderContext): Promise<BackupFolderCheck> {
  const refused = (verdict: string): BackupFolderCheck => ({
    dir,
    state: 'refused',
    canSave: false,
    verdict,
    generations: null,
  });
  if (!path.isAbsolute(dir))
    return refused(
      `${dir} is not a full path: give the folder from the root (${process.platform === 'win32' ? 'D:\\backups\\scim-bench or \\\\server\\share\\scim-bench' : '/mnt/share/scim-bench'})`,
    );
  const share = new Share(dir, { timeoutMs: context.timeoutMs, launch: context.launch });
  let facts: FolderFacts;
  try {
    facts = await share.inspect();
  } catch (error) {
    return refused(error instanceof ShareError ? error.message : `${dir} cannot be read: ${(error as Error).message}`);
  } finally {
    share.close();
  }
  const known = (await readBackupState(context.dataDir, dir)).marker;
  return describeFolder(dir, facts, known, context.current);
}

/** The words for what `inspect` found (pure, so every case is tested). */
export function describeFolder(
  dir: string,
  facts: FolderFacts,
  known: string | null,
  current: string | null,
): BackupFolderCheck {
  const result = (
    state: BackupFolderCheck['state'],
    canSave: boolean,
    verdict: string,
    generations = null as number | null,
  ) => ({
    dir,
    state,
    canSave,
    verdict,
    generations,
  });
  // What changing the folder means for the one in use.
  const move =
    current === null
      ? ' Backups start with the next run.'
      : current === dir
        ? ''
        : ` Backups will go to ${dir} from the next run; the generations in ${current} stay there.`;
  if (facts.kind === 'not-folder') return result('refused', false, `${dir} is a file, not a folder.`);
  if (facts.kind === 'missing') {
    const parent = path.dirname(dir);
    switch (facts.parent) {
      case 'missing':
        return result(
          'refused',
          false,
          `Neither ${dir} nor the folder it would be made in (${parent}) exists. Is the share mounted?`,
        );
      case 'not-folder':
        return result('refused', false, `${dir} cannot be created: ${parent} is a file, not a folder.`);
      case 'read-only':
        return result('refused', false, `${dir} does not exist, and SCIM Bench may not create it in ${parent}.`);
      case 'writable':
        return result('will-create', true, `${dir} does not exist yet: it will be created in ${parent}.${move}`);
    }
  }
  if (facts.markerDamaged)
    return result(
      'refused',
      false,
      `${dir} holds a .scim-bench-backup file that SCIM Bench did not write; move it away, or choose another folder.`,
      facts.generations,
    );
  if (!facts.writable)
    return result(
      'refused',
      false,
      `SCIM Bench cannot write to ${dir} (${facts.writeError}): check its permissions, or whether the share is read-only.`,
      facts.generations,
    );
  const generations = facts.generations ?? 0;
  if (dir === current && (facts.marker !== null || known === null))
    return result(
      'in-use',
      true,
      `Backups already go to ${dir}.${facts.marker === null ? ' The first backup starts a new backup set there.' : ''}`,
      generations,
    );
  if (facts.marker !== null) {
    const set = known === facts.marker ? 'a backup set this machine used before' : 'a backup set';
    return result(
      'existing-set',
      true,
      `${dir} already holds ${set} (${plural(generations, 'generation')}): this machine's backups will be added to it.${move}`,
      generations,
    );
  }
  if (known !== null)
    return result(
      'lost-marker',
      true,
      `${dir} was this machine's backup folder, but its marker file is gone: is the share mounted? If the folder was recreated empty on purpose, start a new backup set in it.`,
      facts.generations,
    );
  const holds =
    facts.entries === 0 ? 'It is empty.' : `It holds ${plural(facts.entries, 'other file')}, which stay as they are.`;
  return result('new', true, `A new backup set will be started in ${dir}. ${holds}${move}`, facts.generations);
}

/**
 * Before `dir` is saved as the backup folder: refuses what the check refuses (in its words), and
 * creates a folder that does not exist yet (its parent must).
 */
export async function prepareBackupFolder(dir: string, context: FolderContext): Promise<void> {
  const check = await checkBackupFolder(dir, context);
  if (!check.canSave) throw new CommandError(400, check.verdict);
  if (check.state !== 'will-create') return;
  const share = new Share(dir, { timeoutMs: context.timeoutMs, launch: context.launch });
  try {
    await share.createFolder();
  } catch (error) {
    throw new CommandError(409, error instanceof Error ? error.message : String(error));
  } finally {
    share.close();
  }
}

/**
 * Starts a new backup set in the folder in use, which lost its marker: writes a new marker and
 * remembers it. Call only after the user confirmed; refused for any other folder or situation.
 */
export async function startNewBackupSet(dir: string, context: FolderContext): Promise<void> {
  if (dir !== context.current)
    throw new CommandError(
      409,
      context.current
        ? `${dir} is not the backup folder in use (${context.current} is)`
        : 'Backups are off: choose the folder first',
    );
  const check = await checkBackupFolder(dir, context);
  if (check.state !== 'lost-marker')
    throw new CommandError(409, `A new backup set is only for a folder that lost its marker. ${check.verdict}`);
  const share = new Share(dir, { timeoutMs: context.timeoutMs, launch: context.launch });
  let marker: string;
  try {
    marker = await share.newMarker();
  } catch (error) {
    throw new CommandError(409, error instanceof Error ? error.message : String(error));
  } finally {
    share.close();
  }
  // The old set's lineage and traffic mark belong to a folder that is gone.
  await writeBackupState(context.dataDir, { target: dir, marker, synced: null });
}
