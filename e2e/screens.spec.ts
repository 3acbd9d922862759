/** The console's screens in Chromium against the real `serve`, each with its own bench and data. */
import { mkdirSync, mkdtempSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serve, type Served } from './serve';

const ENTRA = 'Azure Active Directory SCIM Provisioning';

async function scim(bench: Served, method: string, p: string, body?: unknown, userAgent = ENTRA) {
  const response = await fetch(bench.scimUrl + p, {
    method,
    headers: {
      Authorization: `Bearer ${bench.token}`,
      'Content-Type': 'application/scim+json',
      'User-Agent': userAgent,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return response.status === 204 ? null : ((await response.json()) as { id: string });
}

async function open(page: Page, bench: Served, screen = 'traffic') {
  await page.goto(bench.consoleUrl);
  await page.getByRole('button', { name: screen[0]!.toUpperCase() + screen.slice(1), exact: true }).click();
}

test.describe('traffic', () => {
  let bench: Served;
  test.beforeAll(async () => {
    bench = await serve();
    const alice = await scim(bench, 'POST', '/Users', { userName: 'alice@contoso.com', active: true });
    await scim(bench, 'POST', '/Users', { userName: 'bob@fabrikam.com' }, 'Okta SCIM Client 1.0.0');
    await scim(bench, 'PATCH', `/Users/${alice!.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    await fetch(`${bench.scimUrl}/Users`); // a 401
  });
  test.afterAll(() => bench.stop());

  test('filters by status and client, searches text, and shows the diff of a change', async ({ page }) => {
    await open(page, bench);
    const rows = page.getByRole('row').filter({ has: page.getByRole('gridcell') });
    await expect(rows).toHaveCount(4);
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('4xx');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('401');
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('');
    await page.getByRole('combobox', { name: 'Client', exact: true }).selectOption('okta');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Okta created user bob@fabrikam.com');
    await page.getByRole('combobox', { name: 'Client', exact: true }).selectOption('');
    await page.getByRole('searchbox', { name: 'Search traffic' }).fill('alice@contoso');
    await expect(rows).toHaveCount(2);
    await rows.filter({ hasText: 'disabled user' }).click();
    const detail = page.getByLabel('Request detail');
    await expect(detail.getByLabel('Dialect notes')).toContainText('sent active as the string "False"');
    await detail.getByRole('tab', { name: 'Changes' }).click();
    await expect(detail.getByLabel('Changes')).toContainText('active');
    await expect(detail.getByLabel('Changes')).toContainText('false');
    await expect(page.getByLabel('Traffic statistics')).toContainText('2 requests');
  });

  test('moves through the list with the keyboard', async ({ page }) => {
    await open(page, bench);
    const rows = page.getByRole('row').filter({ has: page.getByRole('gridcell') });
    await rows.first().click();
    await page.getByRole('grid', { name: 'Requests' }).press('ArrowDown');
    await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  });

  test('the activity timeline tells the cycle as sentences', async ({ page }) => {
    await open(page, bench, 'activity');
    await expect(page.getByLabel('Activity')).toContainText('Entra disabled user alice@contoso.com');
  });
});

test.describe('backup badge', () => {
  test('goes through running → ok, and → offline when the backup folder disappears', async ({ page }) => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'scim-bench-e2e-share-'));
    const folder = path.join(root, 'share');
    mkdirSync(folder);
    const bench = await serve(['--backup-dir', folder, '--backup-interval', '10s']);
    try {
      await page.goto(bench.consoleUrl);
      const badge = page.getByLabel('Backup status');
      await expect(badge).toHaveAttribute('data-state', 'idle');
      // Record every state the badge shows: "running" lasts only as long as the backup.
      await badge.evaluate((el) => {
        const seen: string[] = [];
        (window as unknown as { badgeStates: string[] }).badgeStates = seen;
        new MutationObserver(() => seen.push(el.getAttribute('data-state') ?? '')).observe(el, {
          attributes: true,
          attributeFilter: ['data-state'],
        });
      });
      await badge.click(); // back up now
      await expect(badge).toHaveAttribute('data-state', 'ok', { timeout: 10_000 });
      expect(await page.evaluate(() => (window as unknown as { badgeStates: string[] }).badgeStates)).toEqual([
        'running',
        'ok',
      ]);
      await expect(badge).toHaveText(/Backed up just now · \d/);
      renameSync(folder, `${folder}-gone`); // the share "unmounts"
      await page.getByRole('button', { name: 'Backup', exact: true }).click();
      await page.getByRole('button', { name: 'Back up now' }).click();
      await expect(badge).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
      await expect(badge).toHaveText(/Share offline — retrying in/);
      await expect(page.getByRole('region', { name: 'Backup', exact: true })).toContainText(
        'does not exist (is the share mounted?)',
      );
    } finally {
      await bench.stop();
    }
  });
});
