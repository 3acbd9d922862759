/**
 * Settings a person changes from the console (Settings and Backup screens). They apply at once,
 * are kept in the data folder (`settings.json`, written atomically with a last good copy), and are
 * the defaults at the next launch; a command-line flag or environment variable given at launch
 * wins over them. A damaged file never stops the bench, and never passes silently either: a torn
 * settings file once turned backups off without a word.
 */
import type { Settings } from '../shared/types';
import { DEFAULT_BACKUP_GENERATIONS, DEFAULT_BACKUP_INTERVAL_MS } from './launch-options';
import { dataFile } from './data-files';
import { DEFAULT_RETENTION } from './traffic/retention';
import { readJsonFile, writeJsonFile } from './fs/atomic-file';

const asObject = (value: unknown): Partial<Settings> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Partial<Settings>;
};

/**
 * The saved settings, `{}` when there are none. When the file is damaged, its last good copy is
 * used (or the defaults, when there is none) and `onWarning` says which, naming the file.
 */
export function loadSettings(
  dataDir: string,
  onWarning: (message: string) => void = (message) => process.emitWarning(message, 'SCIMBenchWarning'),
): Partial<Settings> {
  const read = readJsonFile(dataFile(dataDir, 'settings'), asObject);
  switch (read.state) {
    case 'missing':
      return {};
    case 'ok':
      return read.value;
    case 'recovered':
      onWarning(read.warning);
      return read.value;
    case 'damaged':
      onWarning(`${read.problem}; SCIM Bench started with the default settings (backups are off until set again)`);
      return {};
  }
}

export function saveSettings(dataDir: string, settings: Settings): void {
  writeJsonFile(dataFile(dataDir, 'settings'), settings);
}

/** What the console may change (the ports are shown, not changed: they apply at the next launch). */
export type EditableSettings = Required<Omit<Settings, 'port' | 'consolePort'>>;

/** The defaults of every setting, in this one place. */
export const SETTING_DEFAULTS: EditableSettings = {
  backupDir: null,
  backupIntervalMs: DEFAULT_BACKUP_INTERVAL_MS,
  backupGenerations: DEFAULT_BACKUP_GENERATIONS,
  strict: false,
  retention: DEFAULT_RETENTION,
  closeToTray: true,
  notifyOnBackupFailure: false,
  faultsPaused: false,
  tunnelHost: null,
};

const defined = <T extends object>(values: T): Partial<T> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;

/**
 * The settings in force: the defaults, under what was saved, under what launch gave. The engine
 * reads them live and applies a change where it belongs (the backup, retention); the desktop's
 * own preferences ride along untouched, so the engine's core knows nothing of trays.
 */
export class LiveSettings {
  private values: EditableSettings;

  constructor(
    private readonly dataDir: string,
    initial: Partial<Settings> = {},
  ) {
    const { port: _port, consolePort: _consolePort, ...editable } = initial;
    this.values = { ...SETTING_DEFAULTS, ...defined(editable) };
    this.values.retention = { ...SETTING_DEFAULTS.retention, ...this.values.retention };
  }

  get current(): Readonly<EditableSettings> {
    return this.values;
  }

  /** Applies `patch` (absent keys unchanged) and answers the names of the settings that changed. */
  apply(patch: Partial<Settings>): Set<keyof EditableSettings> {
    const changed = new Set<keyof EditableSettings>();
    const next = { ...this.values };
    for (const [key, value] of Object.entries(defined(patch)) as [keyof EditableSettings, unknown][]) {
      if (!(key in SETTING_DEFAULTS)) continue;
      const merged = key === 'retention' ? { ...next.retention, ...(value as object) } : value;
      if (JSON.stringify(merged) === JSON.stringify(next[key])) continue;
      (next as Record<string, unknown>)[key] = merged;
      changed.add(key);
    }
    this.values = next;
    return changed;
  }

  /** Writes what is in force (atomically, with a last good copy) for the next launch. */
  save(ports: Pick<Settings, 'port' | 'consolePort'>): Settings {
    const settings = { ...this.values, ...ports };
    saveSettings(this.dataDir, settings);
    return settings;
  }
}
