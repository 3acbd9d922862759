import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { formatDuration } from '../../components/duration';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useNow } from '../../components/use-now';
import { BackupFolderForm } from './BackupFolderForm';
import { backupBadgeText, formatBytes, relativeTime } from '../../../../shared/backup-text';
import { NewBackupSet } from './NewBackupSet';
import './backup.css';

/** Where backups go, how often, the generations on the share, back up now, restore one. */
export function BackupScreen() {
  const bench = useBench();
  const client = useQueryClient();
  const status = useQuery({ queryKey: queryKeys.backup, queryFn: () => bench.backup.status() });
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: () => bench.settings.get() });
  const target = status.data?.target ?? null;
  const generations = useQuery({
    queryKey: queryKeys.backupGenerations,
    queryFn: () => bench.backup.list(),
    enabled: !!target,
  });
  const runNow = useMutation({
    mutationFn: () => bench.backup.runNow(),
    onSuccess: (s) => client.setQueryData(queryKeys.backup, s),
  });
  const restore = useMutation({
    mutationFn: (file: string) => bench.backup.restore(file),
    onSuccess: () => client.invalidateQueries(),
  });
  const now = useNow();
  if (status.error || settings.error)
    return (
      <section className="panel" aria-label="Backup">
        <ErrorMessage error={status.error ?? settings.error} what="read the backup settings" />
      </section>
    );
  if (!status.data || !settings.data)
    return (
      <section className="panel" aria-label="Backup">
        <p className="empty">Loading…</p>
      </section>
    );
  const s = status.data;

  return (
    <section className="panel" aria-label="Backup">
      <h2>Backup</h2>
      <p role="status">{backupBadgeText(s, now)}</p>
      {s.conflict && <p className="error">{s.conflict}</p>}
      {s.lastError && !s.conflict && <p className="error">{s.lastError}</p>}
      {s.target && <NewBackupSet key={s.target} status={s} />}
      <BackupFolderForm saved={settings.data.backupDir} />
      <p>
        <button type="button" onClick={() => runNow.mutate()} disabled={!s.target || s.state === 'running'}>
          Back up now
        </button>
      </p>
      <ErrorMessage error={runNow.error ?? restore.error} what="do that" />
      <p className="muted">
        Every {formatDuration(settings.data.backupIntervalMs)}, keeping {settings.data.backupGenerations} generations
        (change in Settings).
      </p>
      {!s.target ? (
        <p className="empty">
          Backups are off: nothing is copied anywhere. Give a folder above (a mounted share or a UNC path) and choose{' '}
          <em>Use this folder</em>.
        </p>
      ) : generations.error ? (
        <ErrorMessage error={generations.error} what={`list the generations in ${s.target}`} />
      ) : generations.data?.length === 0 ? (
        <p className="empty">
          No generations in {s.target} yet
          {s.nextRun ? `: the first backup runs ${relativeTime(s.nextRun, now)}` : ''}.
        </p>
      ) : (
        <table className="generations" aria-label="Generations">
          <thead>
            <tr>
              <th>Time</th>
              <th>Size</th>
              <th>Host</th>
              <th>Changes</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {generations.data?.map((g) => (
              <tr key={g.file}>
                <td>{new Date(g.time).toLocaleString()}</td>
                <td>{formatBytes(g.size)}</td>
                <td>{g.host}</td>
                <td>{g.changes}</td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      confirm(`Restore ${g.file}? The current data is kept aside, not deleted.`) &&
                      restore.mutate(g.file)
                    }
                  >
                    Restore
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {restore.data && (
        <div role="status">
          <p>
            Restored {restore.data.restored}. The previous data was kept as {restore.data.setAside}.
          </p>
          <ul aria-label="What the restore brought back">
            {restore.data.endpoints.map((e) => (
              <li key={e.id}>
                {e.name}: {e.users} {e.users === 1 ? 'user' : 'users'}, {e.groups} {e.groups === 1 ? 'group' : 'groups'}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
