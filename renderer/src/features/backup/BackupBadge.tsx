import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useBench, useConnection } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { useNow } from '../../components/use-now';
import { backupBadgeText } from '../../../../shared/backup-text';
import './backup.css';

/** Live backup state, on every screen; click to back up now. */
export function BackupBadge() {
  const bench = useBench();
  const client = useQueryClient();
  const { data: status } = useQuery({ queryKey: queryKeys.backup, queryFn: () => bench.backup.status() });
  const runNow = useMutation({
    mutationFn: () => bench.backup.runNow(),
    onSuccess: (next) => client.setQueryData(queryKeys.backup, next),
  });
  const now = useNow();
  const link = useConnection().state;
  if (!status) return null;
  // Not the last state seen, shown green while nobody answers: unknown until the console is back.
  if (link === 'offline' || link === 'signed-out')
    return (
      <span className="badge badge-unknown" aria-label="Backup status: not known (disconnected)" data-state="unknown">
        Backup: not known (disconnected)
      </span>
    );
  const text = backupBadgeText(status, now);
  return (
    <button
      type="button"
      className={`badge badge-${status.state}`}
      // The visible text is part of the name (WCAG 2.5.3), after what the button is.
      aria-label={`Backup status: ${text}`}
      data-state={status.state}
      title={
        status.lastError ??
        (status.target
          ? `Backups go to ${status.target}. Click to back up now.`
          : 'Start with --backup-dir to enable backups')
      }
      disabled={status.state === 'disabled' || status.state === 'running'}
      onClick={() => runNow.mutate()}
    >
      {text}
    </button>
  );
}
