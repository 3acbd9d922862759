/** The console in real Chromium against the real `serve` process. */
import { expect, test } from '@playwright/test';
import { serve, type Served } from './serve';

let bench: Served;
test.beforeAll(async () => {
  bench = await serve();
});
test.afterAll(async () => {
  expect(await bench.stop()).toBe(0); // SIGTERM: finish, flush, close, exit 0
});

test('a SCIM request made now appears in the console within a second, with its detail', async ({ page }) => {
  await page.goto(bench.consoleUrl);
  await expect(page).toHaveURL(/\/$/); // the key left the address bar for a cookie
  await expect(page.getByLabel('SCIM endpoint')).toHaveText(bench.scimUrl);
  await expect(page.getByText(/No traffic yet/)).toBeVisible();

  const response = await fetch(`${bench.scimUrl}/Users`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${bench.token}`,
      'Content-Type': 'application/scim+json',
      'User-Agent': 'Azure Active Directory SCIM client',
    },
    body: JSON.stringify({ userName: 'e2e@contoso.com', active: 'True' }),
  });
  expect(response.status).toBe(201);

  const row = page.getByRole('row').filter({ hasText: 'Entra created user e2e@contoso.com' });
  await expect(row).toBeVisible({ timeout: 1000 });
  await row.click();
  const detail = page.getByLabel('Request detail');
  await expect(detail.getByLabel('Dialect notes')).toContainText('sent active as the string "True"');
  await detail.getByRole('tab', { name: 'Request' }).click();
  await expect(detail).toContainText('Bearer [redacted, fingerprint');
  await expect(detail).not.toContainText(bench.token);
  await expect(page.getByLabel('Backup status')).toHaveText('Backup off');
});

test('the console is not reachable through the SCIM port', async ({ page }) => {
  const scimOrigin = new URL(bench.scimUrl).origin;
  const response = await page.goto(`${scimOrigin}/?key=anything`);
  expect(response!.status()).toBe(401); // everything on the SCIM port needs the bearer token
  expect(await response!.text()).not.toContain('<div id="root">');
  const withToken = await fetch(`${scimOrigin}/api/info/get`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bench.token}` },
  });
  expect(withToken.status).toBe(404);
  expect(await withToken.json()).toMatchObject({ status: '404', detail: expect.stringContaining('/scim/v2') });
});
