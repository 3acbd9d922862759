/**
 * One table of launch options: the README's table and --help are generated from it, and the desktop
 * app reads the same options with the same precedence as `serve`. The Electron runtime cannot run
 * here, so its options are tested through the function main/index.ts calls (desktopEngineOptions).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USAGE } from './config';
import { desktopEngineOptions } from './desktop/desktop-options';
import { LAUNCH_OPTIONS, UsageError, readmeTable } from './launch-options';

const README = 'README.md';
const TABLE = /(<!-- launch-options:[^\n]*-->\n)[\s\S]*?(<!-- launch-options:end -->)/;

describe('the launch options table', () => {
  it("is the README's table, as generated", () => {
    const doc = readFileSync(README, 'utf8');
    expect(doc).toMatch(TABLE);
    const generated = doc.replace(TABLE, `$1${readmeTable()}\n$2`);
    if (process.env.UPDATE_DOCS) return writeFileSync(README, generated);
    expect(doc, 'run: UPDATE_DOCS=1 npx vitest run app/launch-options.test.ts').toBe(generated);
  });

  it('is --help: every option once, its variable in one aligned column', () => {
    const lines = USAGE.split('\n').filter((line) => line.startsWith('  --'));
    expect(lines).toHaveLength(Object.keys(LAUNCH_OPTIONS).length);
    for (const spec of Object.values(LAUNCH_OPTIONS)) {
      const line = lines.find((l) => l.startsWith(`  --${spec.flag} `) || l === `  --${spec.flag}`);
      expect(line, spec.flag).toBeDefined();
    }
    const column = new Set(lines.map((line) => line.indexOf('SCIM_BENCH_')));
    expect(column.size).toBe(1);
  });
});

describe('the desktop app options', () => {
  const DATA = '/tmp/data';
  it('read the environment the way serve does, including what the desktop once ignored', () => {
    const env = {
      SCIM_BENCH_BACKUP_INTERVAL: '30s',
      SCIM_BENCH_BACKUP_GENERATIONS: '3',
      SCIM_BENCH_STRICT: 'yes',
      SCIM_BENCH_NO_CAPTURE: '1',
      SCIM_BENCH_ENDPOINTS: '/etc/bench/endpoints.json',
    };
    expect(desktopEngineOptions([], env, {}, DATA)).toMatchObject({
      dataDir: DATA,
      backupIntervalMs: 30_000,
      backupGenerations: 3,
      strict: true,
      captureTraffic: false,
      endpointsFile: '/etc/bench/endpoints.json',
      consolePort: null,
    });
  });

  it('let the environment win over a saved setting, and a saved setting over the default', () => {
    const saved = { backupDir: '/mnt/saved', backupIntervalMs: 60_000, strict: true };
    expect(desktopEngineOptions([], { SCIM_BENCH_BACKUP_DIR: '/mnt/env' }, saved, DATA)).toMatchObject({
      backupDir: '/mnt/env',
      backupIntervalMs: 60_000,
      strict: true,
    });
  });

  it('take flags passed on to Electron, and ignore Chromium switches and serve-only options', () => {
    const argv = ['.', '--trust-proxy', '--enable-logging', '--port', '9100', '--console-port', '1'];
    const env = { SCIM_BENCH_CONSOLE_KEY: 'not-for-the-desktop-at-all' };
    expect(desktopEngineOptions(argv, env, {}, DATA)).toMatchObject({
      trustProxy: true,
      port: 9100,
      consolePort: null,
    });
  });

  it('refuse a bad value with the option named, as serve does', () => {
    expect(() => desktopEngineOptions([], { SCIM_BENCH_PORT: 'eighty' }, {}, DATA)).toThrow(UsageError);
    expect(() => desktopEngineOptions([], { SCIM_BENCH_STRICT: 'perhaps' }, {}, DATA)).toThrow(/SCIM_BENCH_STRICT/);
  });
});
