/**
 * Connect and Directory work on the endpoint chosen in the header, in Chromium against the real
 * `serve`: its Tenant URL, token, rotation and test; its users, created and listed through it.
 */
import { expect, test, type Page } from '@playwright/test';
import type { EndpointInfo } from '../shared/endpoints';
import { command, endpointNamed, scimTo } from './endpoint-helpers';
import { serve, type Served } from './serve';

let bench: Served;
test.beforeAll(async () => {
  bench = await serve();
  await command<EndpointInfo>(bench, 'endpoints:create', { name: 'hr-app', preset: 'okta-style' });
});
test.afterAll(async () => expect(await bench.stop()).toBe(0));

async function openOn(page: Page, screen: string, endpoint: string) {
  await page.goto(bench.consoleUrl);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
  await page.getByRole('combobox', { name: 'Endpoint' }).selectOption({ label: endpoint });
}

test("Connect gives the selected endpoint's Tenant URL and token, tests it and rotates its token only", async ({
  page,
}) => {
  const hr = (await endpointNamed(bench, 'hr-app'))!;
  await openOn(page, 'Connect', 'hr-app');
  await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('Connect Entra ID to the endpoint hr-app');
  await expect(page.getByLabel('SCIM endpoint')).toHaveText(hr.scimUrl);
  await page.getByLabel('Tunnel host').fill('bench-demo.trycloudflare.com');
  await page.getByRole('button', { name: 'Use this host' }).click();
  await expect(page.getByLabel('Tenant URL', { exact: true })).toHaveValue(
    'https://bench-demo.trycloudflare.com/scim/hr-app/v2',
  );
  await expect(page.getByLabel('Secret Token', { exact: true })).toHaveValue(hr.token);
  await expect(page.getByRole('region', { name: /OAuth 2.0/ })).toContainText(
    'https://bench-demo.trycloudflare.com/scim/hr-app/oauth/token',
  );

  await page.getByRole('button', { name: 'Test the local endpoint' }).click();
  await expect(page.getByText(`✓ ${hr.scimUrl}: every step passed.`)).toBeVisible();
  // The probe went to hr-app (it is recorded in its traffic), not to the default endpoint.
  // Traffic is written by the recorder's thread a moment after the answer: wait for it.
  await expect
    .poll(
      async () => (await command<{ entries: unknown[] }>(bench, 'traffic:list', { endpoint: hr.id })).entries.length,
    )
    .toBeGreaterThan(0);
  const probed = await command<{ entries: { path: string }[] }>(bench, 'traffic:list', { endpoint: hr.id });
  expect(probed.entries.every((e) => e.path.startsWith('/scim/hr-app/v2'))).toBe(true);
  const onDefault = await command<{ entries: unknown[] }>(bench, 'traffic:list', { endpoint: 'default' });
  expect(onDefault.entries).toEqual([]);

  await page.getByRole('button', { name: 'Rotate the token…' }).click();
  await page.getByRole('button', { name: 'Rotate now' }).click();
  await expect(page.getByLabel('Previous token')).toContainText('The previous token keeps working until');
  const rotated = (await endpointNamed(bench, 'hr-app'))!;
  expect(rotated.token).not.toBe(hr.token);
  await expect(page.getByLabel('Secret Token', { exact: true })).toHaveValue(rotated.token);
  expect((await scimTo(hr, 'GET', '/Users')).status).toBe(200); // the old one, in its grace period
  // The default endpoint's token did not change.
  expect((await scimTo({ scimUrl: bench.scimUrl, token: bench.token }, 'GET', '/Users')).status).toBe(200);
  expect((await endpointNamed(bench, 'default'))!.previousTokenValidUntil).toBeNull();
});

test("Directory lists and creates the selected endpoint's users, and its traffic link keeps the endpoint", async ({
  page,
}) => {
  await openOn(page, 'Directory', 'hr-app');
  await page.getByLabel('New userName').fill('hr.only@contoso.com');
  await page.getByRole('button', { name: 'Create user' }).click();
  await page.getByRole('button', { name: 'hr.only@contoso.com' }).click();
  expect((await endpointNamed(bench, 'hr-app'))!.users).toBe(1);
  expect((await endpointNamed(bench, 'default'))!.users).toBe(0);

  await page.getByRole('link', { name: /Show this user.s traffic/ }).click();
  await expect(page).toHaveURL(/endpoint=/);
  await expect(page.getByRole('row').filter({ hasText: 'hr.only@contoso.com' }).first()).toBeVisible();

  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Directory', exact: true })
    .click();
  await page.getByRole('combobox', { name: 'Endpoint' }).selectOption({ label: 'default' });
  await expect(page.getByText('No users yet.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'hr.only@contoso.com' })).toHaveCount(0);
});
