/**
 * Settings a person changes from the console (Settings and Backup screens). They apply at once,
 * are kept in the data folder (`settings.json`), and are the defaults at the next launch; a
 * command-line flag or environment variable given at launch wins over them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Settings } from '../shared/types';

const FILE = 'settings.json';

export function loadSettings(dataDir: string): Partial<Settings> {
  const file = path.join(dataDir, FILE);
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Settings>;
  } catch {
    return {}; // a damaged settings file must not stop the bench; defaults apply
  }
}

export function saveSettings(dataDir: string, settings: Settings): void {
  const file = path.join(dataDir, FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(settings, null, 2));
  writeFileSync(file, readFileSync(`${file}.tmp`));
}
