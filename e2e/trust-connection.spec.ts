/**
 * An open console never goes stale without a word: it says at once when serve stops, reconnects
 * with back-off, keeps working across a restart (the console key is kept in the data folder), and
 * says so when its session ends. And a page of another origin cannot sign it out. Real Chromium,
 * the real `serve` (stopped and started again on the same ports and data folder).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { serve, type Served } from './serve';
import { portsOf, scim } from './trust-helpers';

test.describe.configure({ timeout: 60_000 });

const connection = (page: Page) => page.getByRole('status', { name: 'Connection' });
const traffic = (page: Page) => page.getByRole('region', { name: 'Traffic', exact: true });

test('says at once that serve stopped, and after a restart the same tab reconnects and shows what arrived', async ({
  page,
}) => {
  let bench: Served = await serve();
  try {
    await page.goto(bench.consoleUrl);
    await expect(connection(page)).toHaveText('Live');
    await expect(page).toHaveTitle('Traffic · SCIM Bench');
    await expect(page.getByLabel('Backup status')).toHaveAttribute('data-state', 'disabled');

    await bench.stop();
    const banner = page.getByRole('alert', { name: 'Disconnected' });
    await expect(banner).toContainText('SCIM Bench is not answering', { timeout: 3000 }); // at once, not at a timeout
    await expect(connection(page)).toHaveText('Disconnected');
    await expect(page).toHaveTitle('Disconnected · Traffic · SCIM Bench');
    await expect(page.getByLabel('Backup status')).toHaveAttribute('data-state', 'unknown'); // not the last green
    await expect(banner).toContainText(/Trying again in \d+ s\./);

    // The same data folder and ports, as restarting with --trust-proxy (the README's advice) does.
    bench = await serve([...portsOf(bench), '--trust-proxy'], bench.dataDir);
    expect(await scim(bench, 'POST', '/Users', { userName: 'while-away@contoso.com' })).toBe(201);
    await expect(connection(page)).toHaveText('Live', { timeout: 15_000 });
    await expect(banner).toBeHidden();
    await expect(page).toHaveTitle('Traffic · SCIM Bench');
    await expect(traffic(page)).toContainText('while-away@contoso.com'); // arrived while the tab was reconnecting

    expect(await scim(bench, 'POST', '/Users', { userName: 'live-again@contoso.com' })).toBe(201);
    await expect(traffic(page)).toContainText('live-again@contoso.com'); // live updates flow again, no reload
  } finally {
    await bench.stop();
  }
});

test('rotating the console key signs every tab out and says so; the new URL brings the old tab back', async ({
  page,
  context,
}) => {
  const bench = await serve();
  try {
    await page.goto(bench.consoleUrl);
    const other = await context.newPage();
    await other.goto(bench.consoleUrl);
    await expect(connection(other)).toHaveText('Live');

    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Rotate the console key' }).click();
    const newUrl = await page.getByLabel('New console URL').textContent();
    expect(newUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=/);
    expect(newUrl).not.toBe(bench.consoleUrl);
    expect(bench.output()).toContain(`Console key rotated: every console session ended. Console: ${newUrl}`);

    // The other tab is told at once (its event stream ended), not left looking live.
    await expect(other.getByRole('alert', { name: 'Disconnected' })).toContainText('This tab is signed out');
    await expect(connection(other)).toHaveText('Signed out');

    // Signing in with the new URL in this browser brings the old tab back.
    const fresh = await context.newPage();
    await fresh.goto(newUrl!);
    await expect(connection(fresh)).toHaveText('Live');
    // Its next attempt (back-off: within 10 s) reads the new page token this browser now holds.
    await expect(connection(other)).toHaveText('Live', { timeout: 15_000 });
    expect(await scim(bench, 'POST', '/Users', { userName: 'after-rotation@contoso.com' })).toBe(201);
    await expect(traffic(other)).toContainText('after-rotation@contoso.com');
  } finally {
    await bench.stop();
  }
});

/** A page on another port of 127.0.0.1 (cookies are not isolated by port): it opens the console with a token it made up. */
async function attackerPage(consoleOrigin: string): Promise<Server> {
  const html = `<!doctype html><title>Totally unrelated page</title>
<button onclick="window.open('${consoleOrigin}/?session=garbage-from-another-origin')">Open</button>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

test('a page of another origin opening the console with ?session=garbage does not sign the user out', async ({
  page,
  context,
}) => {
  const bench = await serve();
  const consoleOrigin = new URL(bench.consoleUrl).origin;
  const attacker = await attackerPage(consoleOrigin);
  try {
    await page.goto(bench.consoleUrl);
    await expect(page.getByLabel('SCIM endpoint')).toHaveText(bench.scimUrl);
    const token = await page.evaluate(() => localStorage.getItem('scim-bench-session'));
    expect(token).toBeTruthy();

    const evil = await context.newPage();
    await evil.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    const [opened] = await Promise.all([
      evil.waitForEvent('popup'),
      evil.getByRole('button', { name: 'Open' }).click(),
    ]);
    await expect(opened.getByLabel('SCIM endpoint')).toHaveText(bench.scimUrl); // the opened tab works too
    expect(new URL(opened.url()).searchParams.has('session')).toBe(false);

    expect(await page.evaluate(() => localStorage.getItem('scim-bench-session'))).toBe(token);
    await page.reload(); // the next load reads the stored token: still the user's own
    await expect(page.getByLabel('SCIM endpoint')).toHaveText(bench.scimUrl);
    await expect(connection(page)).toHaveText('Live');
  } finally {
    attacker.close();
    await bench.stop();
  }
});
