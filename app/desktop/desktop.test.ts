/** The desktop shell's logic, which lives here (not in main/) so it can be tested without Electron. */
import { describe, expect, it } from 'vitest';
import type { BackupStatus } from '../../shared/types';
import { trayModel } from './tray-model';
import { isOwnPage, secureWindowOptions } from './window-options';
import { restoreBounds } from './window-state';

const ONE = [{ id: 'default', name: 'default', isDefault: true }];
const status = (state: BackupStatus['state']): BackupStatus => ({
  state,
  target: '/mnt/share',
  intervalMs: 300_000,
  lastSuccess: null,
  lastAttempt: null,
  lastError: null,
  nextRun: null,
  sizeBytes: null,
  generations: 0,
  conflict: null,
});

describe('tray model', () => {
  it('shows the backup line and everyday actions, and offers Back up now only when it can run', () => {
    const items = trayModel({
      backup: status('ok'),
      backupLine: 'Backed up 2 min ago · 3.2 MB',
      paused: false,
      endpoints: ONE,
      faultsPaused: false,
    });
    expect(items.map((i) => (i.kind === 'item' ? i.label : '—'))).toEqual([
      'Backed up 2 min ago · 3.2 MB',
      'Back up now',
      '—',
      'Open SCIM Bench',
      'Copy SCIM endpoint URL',
      'Copy token',
      'Pause the endpoint',
      'No fault rules',
      '—',
      'Quit',
    ]);
    expect(items[0]).toMatchObject({ enabled: false });
    for (const state of ['running', 'disabled'] as const)
      expect(
        trayModel({ backup: status(state), backupLine: '', paused: false, endpoints: ONE, faultsPaused: false })[1],
      ).toMatchObject({
        enabled: false,
      });
  });
  it('offers Resume when the endpoint is paused', () => {
    expect(
      trayModel({ backup: status('ok'), backupLine: '', paused: true, endpoints: ONE, faultsPaused: false })[6],
    ).toMatchObject({
      label: 'Resume the endpoint',
      action: { do: 'resume' },
    });
  });
});

describe('the tray with several endpoints', () => {
  const endpoints = [...ONE, { id: 'a1b2c3', name: 'okta-org', isDefault: false }];
  const items = trayModel({ backup: status('ok'), backupLine: '', paused: false, endpoints, faultsPaused: false });
  it('copies the URL and the token of the endpoint chosen in a submenu', () => {
    for (const [label, what] of [
      ['Copy SCIM endpoint URL', 'copy-endpoint'],
      ['Copy token', 'copy-token'],
    ] as const) {
      const menu = items.find((i) => i.kind === 'submenu' && i.label === label);
      expect(menu).toEqual({
        kind: 'submenu',
        label,
        items: [
          { kind: 'item', label: 'default (/scim/v2)', enabled: true, action: { do: what, endpoint: 'default' } },
          { kind: 'item', label: 'okta-org', enabled: true, action: { do: what, endpoint: 'a1b2c3' } },
        ],
      });
    }
  });
  it('says that pausing pauses every endpoint', () => {
    expect(items.find((i) => i.kind === 'item' && i.action?.do === 'pause')).toMatchObject({
      label: 'Pause every endpoint',
    });
  });
});

describe('window security', () => {
  it('writes out every security setting of every BrowserWindow', () => {
    const options = secureWindowOptions('/app/preload.cjs', { width: 800, height: 600 }, false);
    expect(options.webPreferences).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    });
    expect(secureWindowOptions('/p', { width: 1, height: 1 }, true).webPreferences.devTools).toBe(true);
  });
  it('lets the window show only its own page', () => {
    const index = 'file:///app/dist/renderer/index.html';
    expect(isOwnPage(`${index}#/traffic`, index)).toBe(true);
    expect(isOwnPage('https://evil.example/', index)).toBe(false);
    expect(isOwnPage('file:///etc/passwd', index)).toBe(false);
  });
});

describe('window state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('restores saved bounds that are on a screen', () => {
    expect(restoreBounds({ x: 100, y: 100, width: 1000, height: 700 }, screen)).toEqual({
      x: 100,
      y: 100,
      width: 1000,
      height: 700,
    });
  });
  it('drops the position when that screen is gone (a laptop off its dock)', () => {
    expect(restoreBounds({ x: 3000, y: 100, width: 1000, height: 700 }, screen)).toEqual({ width: 1000, height: 700 });
    expect(restoreBounds(null, screen)).toEqual({ width: 1280, height: 800 });
  });
});

describe('tray faults switch', () => {
  const rule = (enabled: boolean) => ({ enabled });
  const faultsItem = (endpoints: Parameters<typeof trayModel>[0]['endpoints'], faultsPaused: boolean) =>
    trayModel({ backup: status('ok'), backupLine: '', paused: false, endpoints, faultsPaused }).find(
      (i) => i.kind === 'item' && /fault/i.test(i.label),
    );
  it('counts the enabled rules of every endpoint, and pauses them all at once', () => {
    const endpoints = [
      { ...ONE[0]!, faults: [rule(true), rule(false)] },
      { id: 'e2', name: 'okta', isDefault: false, faults: [rule(true), rule(true)] },
    ];
    expect(faultsItem(endpoints, false)).toEqual({
      kind: 'item',
      label: 'Pause faults (3 rules)',
      enabled: true,
      action: { do: 'pause-faults' },
    });
    expect(faultsItem(endpoints, true)).toMatchObject({
      label: 'Resume faults (paused)',
      action: { do: 'resume-faults' },
    });
    expect(faultsItem([{ ...ONE[0]!, faults: [rule(false)] }], false)).toMatchObject({ enabled: false });
  });
});
