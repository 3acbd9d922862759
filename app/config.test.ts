import { describe, expect, it } from 'vitest';
import { UsageError, defaultDataDir, engineOptions, parseCommandLine, parseDuration, type ServeConfig } from './config';

describe('serve command line', () => {
  it('says how to give a token that starts with a dash, not only that it is ambiguous', () => {
    expect(() => parseCommandLine(['serve', '--token', '-abcdefghijklmnopqrstuvwxyz'], {})).toThrow(/--token=-XYZ/);
    expect(parseCommandLine(['serve', '--token=-abcdefghijklmnopqrstuvwxyz'], {})).toMatchObject({ kind: 'serve' });
  });

  it('uses the documented defaults', () => {
    const cmd = parseCommandLine(['serve'], {});
    expect(cmd).toMatchObject({
      kind: 'serve',
      config: {
        port: 7643,
        host: '127.0.0.1',
        consolePort: 7644,
        backupDir: null,
        backupIntervalMs: 300_000,
        token: null,
      },
    });
  });
  it('reads environment variables, and flags win over them', () => {
    const env = { SCIM_BENCH_PORT: '9000', SCIM_BENCH_BACKUP_INTERVAL: '30s' };
    expect(parseCommandLine(['serve'], env)).toMatchObject({ config: { port: 9000, backupIntervalMs: 30_000 } });
    expect(parseCommandLine(['serve', '--port', '9001'], env)).toMatchObject({ config: { port: 9001 } });
  });
  it.each([
    ['--port', 'abc'],
    ['--bogus'],
    ['--backup-interval', '5s'],
    ['--token', 'short'],
    ['--token', 'nineteen-characters'],
    ['frobnicate'],
  ])('rejects %s with a usage error', (...args) => {
    expect(() => parseCommandLine(args.filter(Boolean) as string[], {})).toThrow(UsageError);
  });
  it('parses durations: 300, 30s, 5m, 1h', () => {
    expect([parseDuration('300'), parseDuration('30s'), parseDuration('5m'), parseDuration('1h')]).toEqual([
      300_000, 30_000, 300_000, 3_600_000,
    ]);
    expect(() => parseDuration('soon')).toThrow(UsageError);
  });
  it("puts data where Electron's userData is on each OS", () => {
    expect(defaultDataDir('linux', {}, '/home/a')).toBe('/home/a/.config/SCIM Bench');
    expect(defaultDataDir('darwin', {}, '/Users/a')).toBe('/Users/a/Library/Application Support/SCIM Bench');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a')).toBe(
      'C:\\Users\\a\\AppData\\Roaming\\SCIM Bench',
    );
  });
});

describe('settings saved by the console vs launch options', () => {
  const saved = {
    backupDir: '/mnt/saved',
    backupIntervalMs: 60_000,
    strict: true,
    retention: { maxEntries: 500, maxAgeDays: 2 },
  };
  it('uses saved settings where nothing was given at launch', () => {
    const options = engineOptions((parseCommandLine(['serve'], {}) as { config: ServeConfig }).config, saved);
    expect(options).toMatchObject({
      backupDir: '/mnt/saved',
      backupIntervalMs: 60_000,
      strict: true,
      saved: { retention: { maxEntries: 500 } }, // carried to the engine's live settings
    });
  });
  it('lets a flag or an environment variable win over a saved setting', () => {
    const config = (
      parseCommandLine(['serve', '--backup-dir', '/mnt/flag'], { SCIM_BENCH_BACKUP_INTERVAL: '2m' }) as {
        config: ServeConfig;
      }
    ).config;
    expect(engineOptions(config, saved)).toMatchObject({
      backupDir: '/mnt/flag',
      backupIntervalMs: 120_000,
      strict: true,
    });
  });
});
