/** The settings in force: defaults in one place, saved under launch, changes applied and kept whole. */
import { describe, expect, it } from 'vitest';
import { LiveSettings, SETTING_DEFAULTS, loadSettings } from './settings';
import { tempDir } from './test/temp-dir';

describe('live settings', () => {
  it('are the defaults, under what was saved, under what launch gave', () => {
    const live = new LiveSettings(tempDir(), {
      closeToTray: false,
      backupDir: '/mnt/launch',
      retention: { maxEntries: 5, maxAgeDays: 1 },
    });
    expect(live.current).toEqual({
      ...SETTING_DEFAULTS,
      closeToTray: false,
      backupDir: '/mnt/launch',
      retention: { ...SETTING_DEFAULTS.retention, maxEntries: 5, maxAgeDays: 1 },
    });
  });

  it('say which settings a change changed, ignoring ports and what stayed the same', () => {
    const live = new LiveSettings(tempDir(), {});
    const changed = live.apply({
      strict: true,
      closeToTray: true,
      port: 1,
      retention: { maxEntries: 9, maxAgeDays: 30 },
    });
    expect([...changed].sort()).toEqual(['retention', 'strict']);
    expect(live.current.retention).toEqual({ ...SETTING_DEFAULTS.retention, maxEntries: 9 });
    expect(live.apply({ strict: true }).size).toBe(0);
  });

  it('are saved whole with the ports, and read back at the next launch', () => {
    const dir = tempDir();
    const live = new LiveSettings(dir, {});
    live.apply({ tunnelHost: 'bench.example.org', notifyOnBackupFailure: true });
    live.save({ port: 7643, consolePort: null });
    expect(loadSettings(dir)).toEqual({
      ...SETTING_DEFAULTS,
      tunnelHost: 'bench.example.org',
      notifyOnBackupFailure: true,
      port: 7643,
      consolePort: null,
    });
  });
});
