/**
 * Smoke test of the desktop app with Playwright's _electron: it launches, its endpoint answers,
 * and the window shows the traffic view with a request made now. It needs the Electron runtime,
 * which cannot be downloaded on the build machines (see ../shared/guide/environment.md); it runs
 * in .github/workflows/release.yml against each packaged app (SCIM_BENCH_ELECTRON_APP), and skips
 * here with the reason.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const require = createRequire(import.meta.url);
function launchTarget(): { executablePath: string; args: string[] } | null {
  const packaged = process.env.SCIM_BENCH_ELECTRON_APP;
  if (packaged && existsSync(packaged)) return { executablePath: packaged, args: [] };
  try {
    const binary = require('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? { executablePath: binary, args: ['.'] } : null;
  } catch {
    return null;
  }
}

test('the desktop app launches, its endpoint answers, and the window shows traffic', async () => {
  const target = launchTarget();
  const reason =
    'No Electron runtime on this machine (its binary comes from GitHub, unreachable here); runs in the release workflow.';
  if (!target) console.log(`electron smoke test skipped: ${reason}`);
  test.skip(!target, reason);
  const userData = mkdtempSync(path.join(os.tmpdir(), 'scim-bench-electron-'));
  const port = process.env.SCIM_BENCH_PORT ?? '17643';
  const app = await electron.launch({
    ...target!,
    args: target!.args,
    env: { ...process.env, SCIM_BENCH_PORT: port, SCIM_BENCH_DATA_DIR: userData },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: 'SCIM Bench' })).toBeVisible();
    const info = await window.evaluate(() =>
      (
        window as unknown as { bench: { info: { get(): Promise<{ scimUrl: string; token: string }> } } }
      ).bench.info.get(),
    );
    const response = await fetch(`${info.scimUrl}/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${info.token}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ userName: 'desktop@contoso.com' }),
    });
    expect(response.status).toBe(201);
    await expect(window.getByRole('row').filter({ hasText: 'created user desktop@contoso.com' })).toBeVisible();
    // The page has no Node: the preload exposed only window.bench.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  } finally {
    await app.close();
  }
});
