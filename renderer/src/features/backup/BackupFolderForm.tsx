/**
 * The backup folder field. What is in the field is what is saved — an unedited field once saved
 * "no folder" and turned backups off without a word. While typing, the engine says what saving it
 * would do (`backup:check-folder`, the rule `settings:update` applies too); saving asks first when
 * that is more than "back up there"; turning backups off is its own button, and asks.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { BackupFolderCheck } from '../../../../shared/types';
import { useBench, useDesktop } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useDebounced } from '../../components/use-debounced';

/** Folders whose verdict needs a yes before saving (something is created, or an existing set is joined). */
const ASK_FIRST: ReadonlySet<BackupFolderCheck['state']> = new Set(['will-create', 'existing-set', 'lost-marker']);

export function BackupFolderForm({ saved }: { saved: string | null }) {
  const bench = useBench();
  const desktop = useDesktop();
  const client = useQueryClient();
  const [draft, setDraft] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const value = draft ?? saved ?? '';
  const dir = value.trim();
  const settled = useDebounced(dir);
  const changed = settled !== '' && settled !== (saved ?? '');
  const check = useQuery({
    queryKey: queryKeys.backupFolderCheck(settled),
    queryFn: () => bench.backup.checkFolder(settled),
    enabled: changed,
    staleTime: 0,
    retry: false,
  });

  const use = useMutation({
    mutationFn: async (folder: string): Promise<string | null> => {
      if (folder === '') return 'Type the full path of the folder, or turn backups off.';
      const fresh = await bench.backup.checkFolder(folder); // the folder may have changed since the hint
      if (!fresh.canSave) throw new Error(fresh.verdict);
      if (fresh.state === 'in-use') return fresh.verdict;
      if (ASK_FIRST.has(fresh.state) && !confirm(`${fresh.verdict}\n\nUse ${folder} for backups?`)) return null;
      await bench.settings.update({ backupDir: folder });
      return `Saved. ${fresh.verdict}`;
    },
    onSuccess: (message) => {
      if (message === null) return;
      setDone(message);
      setDraft(null);
      void client.invalidateQueries();
    },
  });
  const off = useMutation({
    mutationFn: () => bench.settings.update({ backupDir: null }),
    onSuccess: () => {
      setDone(`Backups are off. The generations in ${saved} stay there.`);
      setDraft(null);
      void client.invalidateQueries();
    },
  });

  const hint = changed && dir === settled ? check.data : undefined;
  return (
    <>
      <form
        className="row-form"
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          use.mutate(dir);
        }}
      >
        <label>
          Backup folder (a mounted share or a UNC path)
          <input
            aria-label="Backup folder"
            aria-describedby="backup-folder-verdict"
            value={value}
            placeholder="/mnt/share/scim-bench or \\server\share\scim-bench"
            onChange={(e) => {
              setDraft(e.target.value);
              setDone(null);
              use.reset(); // an error about the folder before is not about this one
            }}
          />
        </label>
        {desktop && (
          <button
            type="button"
            onClick={async () => {
              const chosen = await desktop.chooseFolder();
              if (chosen) setDraft(chosen); // saved only with "Use this folder", after its verdict
            }}
          >
            Choose…
          </button>
        )}
        <button type="submit" disabled={use.isPending}>
          Use this folder
        </button>
        {saved !== null && (
          <button
            type="button"
            onClick={() =>
              confirm(`Turn backups off? Nothing is deleted: the generations in ${saved} stay there.`) && off.mutate()
            }
          >
            Turn backups off
          </button>
        )}
      </form>
      <p
        id="backup-folder-verdict"
        className="verdict"
        role="status"
        data-can-save={hint ? String(hint.canSave) : undefined}
      >
        {done ?? hint?.verdict ?? (changed && dir === settled && check.isFetching ? 'Looking at the folder…' : '')}
      </p>
      <ErrorMessage error={use.error ?? off.error ?? (changed ? check.error : null)} what="use that folder" />
    </>
  );
}
