/**
 * "Check a SCIM server" in Chromium against the real `serve`: one of the bench's endpoints checked
 * with its own token (passes), and another server given by URL and token — an RFC-strict endpoint,
 * which fails where Entra's habits are refused, with the advice in words and the requests shown.
 */
import { expect, test } from '@playwright/test';
import type { EndpointInfo } from '../shared/endpoints';
import { command } from './endpoint-helpers';
import { serve, type Served } from './serve';

let bench: Served;
let strict: EndpointInfo;
test.beforeAll(async () => {
  bench = await serve();
  strict = await command<EndpointInfo>(bench, 'endpoints:create', { name: 'strict-app', preset: 'rfc-strict' });
});
test.afterAll(async () => expect(await bench.stop()).toBe(0));

test('checks the selected endpoint with its own token, showing every step as it ends', async ({ page }) => {
  await page.goto(bench.consoleUrl);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Check a SCIM server' })).toBeVisible();
  await page.getByLabel(/This bench's endpoint/).check();
  await page.getByRole('button', { name: 'Run the check' }).click();
  const steps = page.getByRole('list', { name: 'Check steps' });
  await expect(page.getByRole('status').filter({ hasText: /removed the \d+ object\(s\) it created/ })).toContainText(
    ' 0 failed',
  );
  expect(await steps.getByRole('listitem').count()).toBeGreaterThan(25);
  await expect(
    steps.getByRole('listitem').filter({ hasText: 'Create the user as Entra sends it' }).getByLabel('Passed'),
  ).toBeVisible();
  await expect(steps.getByLabel('Failed')).toHaveCount(0);
});

test('checks another server by URL and token: failures say why and what it means, with the requests', async ({
  page,
}) => {
  await page.goto(bench.consoleUrl);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Check', exact: true }).click();
  await page.getByLabel('SCIM base URL').fill(strict.scimUrl);
  await page.getByLabel('Bearer token').fill(strict.token);
  await page.getByLabel('Requests').selectOption('entra');
  await page.getByRole('button', { name: 'Run the check' }).click();
  const disable = page.getByRole('listitem').filter({ hasText: 'Disable the user with active as the string "False"' });
  await expect(disable.getByLabel('Failed')).toBeVisible();
  await disable.locator('summary').click();
  await expect(disable).toContainText('a server that refuses it cannot have users disabled');
  await expect(disable).toContainText('"value": "False"');
  await expect(page.getByRole('listitem').filter({ hasText: 'Remove the member by a value list' })).toContainText(
    'Not run: it depends on entra-add-member',
  );
  // The token typed in is never shown back.
  await expect(page.locator('main')).not.toContainText(strict.token);
});
