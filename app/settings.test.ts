/** settings.json torn by a crash mid-write: named, and the last good settings kept (backups stay on). */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../shared/types';
import { loadSettings, saveSettings } from './settings';
import { tempDir } from './test/temp-dir';

const SETTINGS: Settings = {
  backupDir: '/mnt/share/scim-bench',
  backupIntervalMs: 300_000,
  backupGenerations: 10,
  strict: false,
  retention: { maxEntries: 100_000, maxAgeDays: 30, maxBytes: 2 ** 30 },
  closeToTray: true,
  notifyOnBackupFailure: false,
  faultsPaused: false,
  port: 8787,
  consolePort: null,
};

describe('settings.json', () => {
  it('a torn file is named in a warning and its last good copy is used: backups are not silently turned off', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    saveSettings(dir, SETTINGS);
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 30)); // torn
    const warnings: string[] = [];
    const loaded = loadSettings(dir, (message) => warnings.push(message));
    expect(loaded.backupDir).toBe(SETTINGS.backupDir);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).toMatch(/last good copy/);
    expect(loadSettings(dir, (message) => warnings.push(message)).backupDir).toBe(SETTINGS.backupDir); // put back
    expect(warnings).toHaveLength(1);
  });

  it('a torn file without a good copy is named, and says the defaults apply', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), '{"backupDir": "/mnt/sh');
    const warnings: string[] = [];
    expect(loadSettings(dir, (message) => warnings.push(message))).toEqual({});
    expect(warnings[0]).toMatch(/settings\.json cannot be read .*default settings \(backups are off/);
  });

  it('is written whole: no temporary file is left beside it', () => {
    const dir = tempDir();
    saveSettings(dir, SETTINGS);
    saveSettings(dir, { ...SETTINGS, strict: true });
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.last-good']);
    expect(loadSettings(dir)).toMatchObject({ strict: true });
  });
});
