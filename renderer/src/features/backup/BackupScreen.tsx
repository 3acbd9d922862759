import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useBench, useDesktop } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useNow } from '../../components/use-now';
import { backupBadgeText, formatBytes } from './backup-text';

/** Where backups go, how often, the generations on the share, back up now, restore one. */
export function BackupScreen() {
  const bench = useBench();
  const desktop = useDesktop();
  const client = useQueryClient();
  const { data: status } = useQuery({ queryKey: queryKeys.backup, queryFn: () => bench.backup.status() });
  const { data: settings } = useQuery({ queryKey: queryKeys.settings, queryFn: () => bench.settings.get() });
  const generations = useQuery({
    queryKey: queryKeys.backupGenerations,
    queryFn: () => bench.backup.list(),
    enabled: !!status?.target,
  });
  const runNow = useMutation({
    mutationFn: () => bench.backup.runNow(),
    onSuccess: (s) => client.setQueryData(queryKeys.backup, s),
  });
  const restore = useMutation({
    mutationFn: (file: string) => bench.backup.restore(file),
    onSuccess: () => client.invalidateQueries(),
  });
  const save = useMutation({
    mutationFn: (dir: string | null) => bench.settings.update({ backupDir: dir }),
    onSuccess: () => client.invalidateQueries(),
  });
  const [folder, setFolder] = useState<string | null>(null);
  const now = useNow();
  if (!status || !settings) return null;

  return (
    <section className="panel" aria-label="Backup">
      <h2>Backup</h2>
      <p role="status">{backupBadgeText(status, now)}</p>
      {status.conflict && <p className="error">{status.conflict}</p>}
      {status.lastError && !status.conflict && <p className="error">{status.lastError}</p>}
      <form
        className="row-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(folder?.trim() ? folder.trim() : null);
        }}
      >
        <label>
          Backup folder (a mounted share or a UNC path)
          <input
            aria-label="Backup folder"
            value={folder ?? settings.backupDir ?? ''}
            placeholder="/mnt/share/scim-bench or \\server\share\scim-bench"
            onChange={(e) => setFolder(e.target.value)}
          />
        </label>
        {desktop && (
          <button
            type="button"
            onClick={async () => {
              const chosen = await desktop.chooseFolder();
              if (!chosen) return;
              setFolder(chosen);
              save.mutate(chosen);
            }}
          >
            Choose…
          </button>
        )}
        <button type="submit">Use this folder</button>
        <button type="button" onClick={() => runNow.mutate()} disabled={!status.target || status.state === 'running'}>
          Back up now
        </button>
      </form>
      <ErrorMessage error={save.error ?? runNow.error ?? restore.error} what="do that" />
      <p className="muted">
        Every {settings.backupIntervalMs / 60_000} min, keeping {settings.backupGenerations} generations (change in
        Settings).
      </p>
      {status.target && (
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
        <p role="status">
          Restored {restore.data.restored}. The previous data was kept as {restore.data.setAside}.
        </p>
      )}
    </section>
  );
}
