/**
 * Settings a person changes from the console (Settings and Backup screens). They apply at once,
 * are kept in the data folder (`settings.json`, written atomically with a last good copy), and are
 * the defaults at the next launch; a command-line flag or environment variable given at launch
 * wins over them. A damaged file never stops the bench, and never passes silently either: a torn
 * settings file once turned backups off without a word.
 */
import path from 'node:path';
import type { Settings } from '../shared/types';
import { readJsonFile, writeJsonFile } from './fs/atomic-file';

const FILE = 'settings.json';

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
  const read = readJsonFile(path.join(dataDir, FILE), asObject);
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
  writeJsonFile(path.join(dataDir, FILE), settings);
}
