/**
 * Activity reads the whole log: a 1,500-create cycle and an earlier one both show, counted by
 * kind; a cycle's requests open in Traffic. The log is written before `serve` starts (the cycles
 * are an hour apart), then real traffic adds a cycle live.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serve } from './serve';
import { scim, seedTraffic, type Seeded } from './trust-helpers';

test('counts a 1,500-create cycle and an earlier one over the whole log, and drills down to the requests', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scim-bench-e2e-'));
  const hourAgo = Date.now() - 3_600_000;
  const at = (ms: number) => new Date(hourAgo + ms);
  const STRING_BOOLEAN = { code: 'string-boolean', message: 'sent active as the string "False"' };
  const earlier: Seeded[] = [];
  for (let i = 0; i < 30; i++) earlier.push({ at: at(100 * i), operation: 'create-user', resourceId: `u${i}` });
  for (let i = 0; i < 5; i++)
    earlier.push({ at: at(4000 + i), operation: 'disable-user', resourceId: `u${i}`, note: STRING_BOOLEAN });
  for (let i = 0; i < 8; i++) earlier.push({ at: at(5000 + i), operation: 'update-user', resourceId: `u${10 + i}` });
  earlier.push({ at: at(6000), operation: 'delete-user', resourceId: 'u29' });
  earlier.push({ at: at(6001), operation: 'add-members', resourceId: 'g1' });
  earlier.push({ at: at(6002), operation: 'update-members', resourceId: 'g2' });
  for (let i = 0; i < 3; i++) earlier.push({ at: at(7000 + i), operation: 'create-user', status: 409 });
  const burst: Seeded[] = [];
  for (let i = 0; i < 1500; i++)
    burst.push(
      { at: at(1_800_000 + i * 20), operation: 'lookup-users' },
      { at: at(1_800_000 + i * 20 + 10), operation: 'create-user', resourceId: `n${i}` },
    );
  seedTraffic(dataDir, [...earlier, ...burst]);

  const bench = await serve([], dataDir);
  try {
    await page.goto(bench.consoleUrl);
    await page.getByRole('button', { name: 'Activity', exact: true }).click();
    const activity = page.getByRole('region', { name: 'Activity' });
    const cycles = activity.getByRole('article');
    await expect(cycles).toHaveCount(2);
    await expect(cycles.nth(0)).toContainText('Entra created 1,500 users.');
    await expect(cycles.nth(0)).toContainText('1,500 reads · 3,000 requests');
    await expect(cycles.nth(1)).toContainText(
      'Entra created 30 users, updated 8 users, disabled 5 users, deleted 1 user and changed the members of 2 groups.',
    );
    await expect(cycles.nth(1)).toContainText('3 failed and changed nothing (create user 3).');
    const notes = cycles.nth(1).getByLabel('Dialect notes').getByRole('listitem');
    await expect(notes).toHaveCount(1); // once per cycle, not once per request
    await expect(notes).toHaveText('Entra sent active as the string "False" (5 requests)');
    await expect(activity).toContainText('2 cycles, the whole log.');

    // Traffic arriving now is a new cycle, shown without a reload.
    await scim(bench, 'POST', '/Users', { userName: 'live@contoso.com' });
    await expect(cycles).toHaveCount(3, { timeout: 10_000 });
    await expect(cycles.nth(0)).toContainText('Entra created 1 user.');
    await expect(cycles.nth(0)).toContainText('Entra created user live@contoso.com');

    await cycles.nth(1).getByRole('link', { name: 'Show these 3,000 requests in Traffic' }).click();
    await expect(page.getByRole('button', { name: 'Traffic', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('combobox', { name: 'Client', exact: true })).toHaveValue('entra');
    await expect(page.getByLabel('Traffic statistics')).toContainText(/^3,?000 requests/);
  } finally {
    await bench.stop();
  }
});
