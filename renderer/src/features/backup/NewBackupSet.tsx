/**
 * The way out for a share folder recreated empty: every backup refuses a folder that lost its
 * marker (it looks exactly like an unmounted share's empty mount point), so only the user can say
 * it was recreated on purpose. They are asked first; then the engine writes a new marker.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BackupStatus } from '../../../../shared/types';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorMessage } from '../../components/ErrorMessage';

export function NewBackupSet({ status }: { status: BackupStatus }) {
  const bench = useBench();
  const client = useQueryClient();
  const target = status.target!;
  const check = useQuery({
    // Looked at again after every failed run: the share may have been mounted meanwhile.
    queryKey: queryKeys.backupFolderCheck(target, status.lastAttempt),
    queryFn: () => bench.backup.checkFolder(target),
    enabled: status.state === 'offline',
    staleTime: 0,
    retry: false,
  });
  const start = useMutation({
    mutationFn: () => bench.backup.newSet(target),
    onSuccess: (next) => {
      client.setQueryData(queryKeys.backup, next);
      void client.invalidateQueries({ queryKey: queryKeys.backupGenerations });
    },
  });
  if (start.isSuccess)
    return (
      <p role="status" className="ok">
        A new backup set was started in {target}, and backed up to.
      </p>
    );
  if (status.state !== 'offline' || check.data?.state !== 'lost-marker') return null;
  return (
    <section className="new-set" aria-label="Start a new backup set">
      <p>{check.data.verdict}</p>
      <button
        type="button"
        disabled={start.isPending}
        onClick={() =>
          confirm(
            `Start a new backup set in ${target}?\n\nDo this only if the share is mounted and the folder was recreated on purpose. If the share is simply not mounted, the new set would go to this machine's own disk, into the empty mount point.`,
          ) && start.mutate()
        }
      >
        Start a new backup set in this folder
      </button>
      <ErrorMessage error={start.error} what="start a new backup set" />
    </section>
  );
}
