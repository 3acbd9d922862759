/** Replay in the console, in Chromium against the real `serve`: shown first, sent only when confirmed, never for a refused request. */
import { expect, test } from '@playwright/test';
import { serve, type Served } from './serve';

let bench: Served;
test.beforeAll(async () => {
  bench = await serve();
});
test.afterAll(async () => {
  expect(await bench.stop()).toBe(0);
});

test('replay shows what it will send, sends it only when confirmed, and refuses a request that failed authentication', async ({
  page,
}) => {
  const created = await fetch(`${bench.scimUrl}/Users`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bench.token}`, 'Content-Type': 'application/scim+json' },
    body: JSON.stringify({ userName: 'replayed@contoso.com' }),
  });
  expect(created.status).toBe(201);
  const refused = await fetch(`${bench.scimUrl}/Users`, {
    method: 'POST',
    headers: { Authorization: 'Bearer not-the-token', 'Content-Type': 'application/scim+json' },
    body: JSON.stringify({ userName: 'attacker@evil.example' }),
  });
  expect(refused.status).toBe(401);

  await page.goto(bench.consoleUrl);
  const rows = page
    .getByRole('grid', { name: 'Requests' })
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell') });
  await expect(rows).toHaveCount(2);
  const detail = page.getByLabel('Request detail');

  await rows.filter({ hasText: 'created user replayed@contoso.com' }).click();
  await detail.getByRole('button', { name: 'Replay…' }).click();
  const preview = detail.getByLabel('Replay preview');
  await expect(preview).toContainText('POST /scim/v2/Users');
  await expect(preview).toContainText('Authorization: Bearer <the current token>');
  await expect(preview).toContainText('{"userName":"replayed@contoso.com"}');
  await expect(preview).not.toContainText(bench.token);
  await expect(rows).toHaveCount(2); // nothing sent yet
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await expect(preview).toBeHidden();
  await expect(rows).toHaveCount(2);

  await detail.getByRole('button', { name: 'Replay…' }).click();
  await preview.getByRole('button', { name: 'Send it' }).click();
  // The same create, sent again; the new entry is selected.
  await expect(detail.getByRole('status')).toHaveText('Replayed #1: the bench answered 409. This is the new entry.');
  await expect(rows).toHaveCount(3);

  await rows.filter({ hasText: '401' }).click();
  await detail.getByRole('button', { name: 'Replay…' }).click();
  await expect(detail.getByRole('alert')).toContainText('did not present valid credentials');
  await expect(preview).toBeHidden();
  await expect(rows).toHaveCount(3);
});
