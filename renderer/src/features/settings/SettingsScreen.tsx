import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useBench, useDesktop } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useUi, type Theme } from '../../state/ui-store';

/** Retention, backup schedule, strict mode, theme; ports are shown (they change at the next launch). */
export function SettingsScreen() {
  const bench = useBench();
  const desktop = useDesktop();
  const client = useQueryClient();
  const { theme, setTheme } = useUi();
  const { data: settings } = useQuery({ queryKey: queryKeys.settings, queryFn: () => bench.settings.get() });
  const save = useMutation({
    mutationFn: bench.settings.update,
    onSuccess: (next) => (
      client.setQueryData(queryKeys.settings, next),
      client.invalidateQueries({ queryKey: queryKeys.backup })
    ),
  });
  if (!settings) return null;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const num = (name: string) => Number(form.get(name));
    save.mutate({
      backupIntervalMs: num('interval') * 60_000,
      backupGenerations: num('generations'),
      strict: form.get('strict') === 'on',
      ...(desktop
        ? { closeToTray: form.get('closeToTray') === 'on', notifyOnBackupFailure: form.get('notify') === 'on' }
        : {}),
      retention: { maxEntries: num('maxEntries'), maxAgeDays: num('maxAgeDays') },
    });
  };
  return (
    <section className="panel" aria-label="Settings">
      <form onSubmit={submit} className="settings">
        <fieldset>
          <legend>SCIM</legend>
          <label>
            <input type="checkbox" name="strict" defaultChecked={settings.strict} /> Strict mode: refuse what RFC 7644
            does not allow (for testing your own client)
          </label>
          <p className="muted">
            SCIM port {settings.port}
            {settings.consolePort !== null ? `, console port ${settings.consolePort}` : ''} — change with --port /
            --console-port at the next launch.
          </p>
        </fieldset>
        {desktop && (
          <fieldset>
            <legend>Desktop</legend>
            <label>
              <input type="checkbox" name="closeToTray" defaultChecked={settings.closeToTray} /> Closing the window
              keeps SCIM Bench running in the tray
            </label>
            <label>
              <input type="checkbox" name="notify" defaultChecked={settings.notifyOnBackupFailure} /> Notify me when a
              backup fails
            </label>
          </fieldset>
        )}
        <fieldset>
          <legend>Traffic kept</legend>
          <label>
            Entries <input type="number" name="maxEntries" min={100} defaultValue={settings.retention.maxEntries} />
          </label>
          <label>
            Days <input type="number" name="maxAgeDays" min={1} defaultValue={settings.retention.maxAgeDays} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Backups</legend>
          <label>
            Every (minutes){' '}
            <input type="number" name="interval" min={1} step={1} defaultValue={settings.backupIntervalMs / 60_000} />
          </label>
          <label>
            Generations kept{' '}
            <input type="number" name="generations" min={1} max={1000} defaultValue={settings.backupGenerations} />
          </label>
        </fieldset>
        <button type="submit">Save settings</button>
        {save.isSuccess && <span role="status"> Saved.</span>}
        <ErrorMessage error={save.error} what="save the settings" />
      </form>
      {desktop && (
        <p>
          <button type="button" onClick={() => void desktop.openDataFolder()}>
            Open the data folder
          </button>
        </p>
      )}
      <fieldset>
        <legend>Theme</legend>
        {(['system', 'light', 'dark'] as Theme[]).map((t) => (
          <label key={t}>
            <input type="radio" name="theme" checked={theme === t} onChange={() => setTheme(t)} /> {t}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
