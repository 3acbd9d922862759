import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../../shared/types';
import { useBench, useDesktop } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { UNITS, parseDurationField, splitDuration, type Unit } from '../../components/duration';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useUi, type Theme } from '../../state/ui-store';
import { ConsoleKeySettings } from './ConsoleKeySettings';
import './settings.css';

type Patch = Parameters<ReturnType<typeof useBench>['settings']['update']>[0];
type Field = 'maxEntries' | 'maxAgeDays' | 'interval' | 'generations';
const LABELS: Record<Field, string> = {
  maxEntries: 'Entries',
  maxAgeDays: 'Days',
  interval: 'Backup interval',
  generations: 'Generations kept',
};
// The limits shared/contract.ts enforces (the engine refuses anything else).
const INTERVAL = { minMs: 10_000, maxMs: 7 * 86_400_000 };
const WHOLE = { maxEntries: [100, 10_000_000], maxAgeDays: [1, 3650], generations: [1, 1000] } as const;

/**
 * The form as a patch: every valid field, and what is wrong with the others. A field in error
 * never blocks the rest (the browser's own validation once blocked the whole form over a
 * 10-second interval shown as 0.1666… minutes).
 */
function readForm(
  form: FormData,
  settings: Settings,
  desktop: boolean,
): { patch: Patch; errors: Partial<Record<Field, string>> } {
  const errors: Partial<Record<Field, string>> = {};
  const whole = (name: keyof typeof WHOLE): number | undefined => {
    const [min, max] = WHOLE[name];
    const n = Number(String(form.get(name) ?? '').trim());
    if (String(form.get(name) ?? '').trim() !== '' && Number.isInteger(n) && n >= min && n <= max) return n;
    errors[name] = `must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}`;
    return undefined;
  };
  const patch: Patch = { strict: form.get('strict') === 'on' };
  if (desktop)
    Object.assign(patch, {
      closeToTray: form.get('closeToTray') === 'on',
      notifyOnBackupFailure: form.get('notify') === 'on',
    });
  const interval = parseDurationField(String(form.get('interval') ?? ''), form.get('intervalUnit') as Unit, INTERVAL);
  if ('ms' in interval) patch.backupIntervalMs = interval.ms;
  else errors.interval = interval.error;
  const generations = whole('generations');
  if (generations !== undefined) patch.backupGenerations = generations;
  const maxEntries = whole('maxEntries');
  const maxAgeDays = whole('maxAgeDays');
  if (maxEntries !== undefined || maxAgeDays !== undefined)
    patch.retention = {
      maxEntries: maxEntries ?? settings.retention.maxEntries,
      maxAgeDays: maxAgeDays ?? settings.retention.maxAgeDays,
    };
  return { patch, errors };
}

/** Retention, backup schedule, strict mode, theme, the console key; ports are shown (they change at the next launch). */
export function SettingsScreen() {
  const bench = useBench();
  const desktop = useDesktop();
  const client = useQueryClient();
  const { theme, setTheme } = useUi();
  const { data: settings, error } = useQuery({ queryKey: queryKeys.settings, queryFn: () => bench.settings.get() });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const save = useMutation({
    mutationFn: bench.settings.update,
    onSuccess: (next) => (
      client.setQueryData(queryKeys.settings, next),
      client.invalidateQueries({ queryKey: queryKeys.backup })
    ),
  });
  if (error) return <ErrorMessage error={error} what="read the settings" />;
  if (!settings) return <p className="empty">Loading…</p>;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const read = readForm(new FormData(e.currentTarget), settings, !!desktop);
    setErrors(read.errors);
    save.mutate(read.patch);
  };
  const interval = splitDuration(settings.backupIntervalMs);
  const problem = (field: Field) =>
    errors[field] ? (
      <span id={`${field}-error`} className="field-error">
        {LABELS[field]} {errors[field]} — not saved
      </span>
    ) : null;
  const invalid = (field: Field) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${field}-error` } : {};
  const unsaved = Object.keys(errors) as Field[];

  return (
    <section className="panel" aria-label="Settings">
      <form onSubmit={submit} className="settings" noValidate>
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
            Entries{' '}
            <input
              name="maxEntries"
              inputMode="numeric"
              defaultValue={settings.retention.maxEntries}
              {...invalid('maxEntries')}
            />
          </label>
          {problem('maxEntries')}
          <label>
            Days{' '}
            <input
              name="maxAgeDays"
              inputMode="numeric"
              defaultValue={settings.retention.maxAgeDays}
              {...invalid('maxAgeDays')}
            />
          </label>
          {problem('maxAgeDays')}
        </fieldset>
        <fieldset>
          <legend>Backups</legend>
          <div className="with-unit">
            <label>
              Every <input name="interval" inputMode="decimal" defaultValue={interval.value} {...invalid('interval')} />
            </label>
            <select name="intervalUnit" aria-label="Unit of the backup interval" defaultValue={interval.unit}>
              {(Object.keys(UNITS) as Unit[]).map((unit) => (
                <option key={unit} value={unit}>
                  {{ s: 'seconds', min: 'minutes', h: 'hours' }[unit]}
                </option>
              ))}
            </select>
          </div>
          {problem('interval')}
          <label>
            Generations kept{' '}
            <input
              name="generations"
              inputMode="numeric"
              defaultValue={settings.backupGenerations}
              {...invalid('generations')}
            />
          </label>
          {problem('generations')}
        </fieldset>
        <button type="submit" disabled={save.isPending}>
          Save settings
        </button>
        {save.isSuccess && (
          <span role="status">
            {' '}
            {unsaved.length
              ? `Saved everything else; not saved: ${unsaved.map((f) => LABELS[f]).join(', ')} (see above).`
              : 'Saved.'}
          </span>
        )}
        <ErrorMessage error={save.error} what="save the settings" />
      </form>
      {desktop && (
        <p>
          <button type="button" onClick={() => void desktop.openDataFolder()}>
            Open the data folder
          </button>
        </p>
      )}
      {settings.consolePort !== null && <ConsoleKeySettings />}
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
