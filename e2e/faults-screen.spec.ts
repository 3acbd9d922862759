/**
 * Fault injection in Chromium against the real `serve`: a rule made in the console (throttle
 * creates, Retry-After 1, the first 2), a scripted client that retries as told, and what the
 * console then shows — the faulted rows marked in Traffic, the reaction summary, the sentence in
 * Activity — and the global switch pausing it all.
 */
import { expect, test } from '@playwright/test';
import { serve, type Served } from './serve';
import { ENTRA } from './trust-helpers';

let bench: Served;
test.beforeAll(async () => {
  bench = await serve();
});
test.afterAll(async () => expect(await bench.stop()).toBe(0));

/** POSTs the same user until it is created, waiting as Retry-After says: Entra's documented hope. */
async function retryingClient(userName: string) {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${bench.scimUrl}/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bench.token}`, 'Content-Type': 'application/scim+json', 'User-Agent': ENTRA },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true }),
    });
    statuses.push(res.status);
    if (res.status !== 429) break;
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after')) * 1000));
  }
  return statuses;
}

test('a rule made in the console throttles creates; the retries are marked and summed up', async ({ page }) => {
  await page.goto(bench.consoleUrl);
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('button', { name: 'Faults', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Faults switch' })).toContainText('Faults are on: 0 rules');
  await page.getByRole('button', { name: 'New rule' }).click();
  const form = page.getByRole('form', { name: 'Fault rule' });
  await form.getByLabel('Name').fill('Throttle creates');
  await form.getByLabel('Operations').selectOption(['create-user']);
  await form.getByLabel('Action').selectOption('throttle');
  await form.getByLabel('Retry-After (seconds)').fill('x');
  await form.getByLabel('Trigger').selectOption('first');
  await form.getByLabel('N', { exact: true }).fill('2');
  await form.getByRole('button', { name: 'Save the rule' }).click();
  await expect(form.getByRole('alert', { name: 'Problems' })).toContainText('Retry-After:');
  await form.getByLabel('Retry-After (seconds)').fill('1');
  await form.getByRole('button', { name: 'Save the rule' }).click();
  const rules = page.getByRole('list', { name: 'Fault rules' });
  await expect(rules).toContainText('For requests to create user: answer 429 with Retry-After: 1, on the first 2.');

  expect(await retryingClient('alice@contoso.com')).toEqual([429, 429, 201]);

  const summary = page.getByRole('region', { name: 'How the client reacted' });
  await expect(summary.getByLabel('Fault summary')).toContainText('Faults injected2 (Throttle creates: 2)');
  await expect(summary.getByLabel('Fault summary')).toContainText('Retries seen2');
  await expect(summary.getByLabel('Fault summary')).toContainText('1 recovered · 0 retrying · 0 given up');
  const episode = summary.getByRole('list', { name: 'Faulted requests' }).getByRole('listitem').first();
  await expect(episode).toContainText(
    /retried the request to create user alice@contoso\.com 2 times, after 1 s and 1 s; it honoured Retry-After: 1; the 3rd attempt succeeded \(201\)\./,
  );
  await expect(episode.getByRole('row')).toHaveCount(4); // header and three attempts
  await expect(episode).toContainText('✓ honoured');

  // An attempt links to its traffic entry; the faulted rows are marked.
  await episode.getByRole('button', { name: '#1' }).click();
  await expect(page.getByRole('checkbox', { name: 'Faulted only' })).toBeChecked();
  const grid = page.getByRole('grid');
  await expect(grid.getByText('fault', { exact: true })).toHaveCount(2);
  await expect(grid.getByText('attempt 3')).toBeVisible();
  await expect(page.getByRole('complementary').or(page.locator('.traffic-detail'))).toContainText(
    'Rule “Throttle creates” answered 429 Too Many Requests with Retry-After: 1. Nothing was changed.',
  );

  // Activity tells it in a sentence.
  await nav.getByRole('button', { name: 'Activity', exact: true }).click();
  await expect(page.getByRole('region', { name: /How the client reacted to faults/ })).toContainText(
    'the 3rd attempt succeeded (201)',
  );

  // What the client did next is no attempt: its link opens the endpoint's whole traffic on it.
  const lookup = await fetch(`${bench.scimUrl}/Users?filter=${encodeURIComponent('userName eq "alice@contoso.com"')}`, {
    headers: { Authorization: `Bearer ${bench.token}`, 'User-Agent': ENTRA },
  });
  expect(lookup.status).toBe(200);
  await nav.getByRole('button', { name: 'Faults', exact: true }).click();
  const next = page
    .getByRole('list', { name: 'Faulted requests' })
    .getByRole('listitem')
    .first()
    .locator('p', { hasText: 'Next:' })
    .getByRole('button');
  await expect(next).toContainText('alice@contoso.com');
  await next.click();
  await expect(page.getByRole('checkbox', { name: 'Faulted only' })).not.toBeChecked();
  await expect(page.getByRole('grid').getByRole('row', { selected: true })).toContainText('GET');
});

test('the global switch pauses every rule at once, and says so', async ({ page }) => {
  await page.goto(bench.consoleUrl);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Faults', exact: true }).click();
  await page.getByRole('combobox', { name: 'Preset' }).selectOption({ label: 'Outage' });
  await page.getByRole('button', { name: "Add the preset's rules" }).click();
  await expect(page.getByRole('list', { name: 'Fault rules' })).toContainText('503 for 2 minutes every 10');
  await page.getByRole('button', { name: 'Pause faults on every endpoint' }).click();
  await expect(page.getByRole('status', { name: 'Faults switch' })).toContainText(
    'Faults are paused on every endpoint',
  );
  expect(await retryingClient('bob@contoso.com')).toEqual([201]);
  await page.getByRole('button', { name: 'Resume faults' }).click();
  await expect(page.getByRole('status', { name: 'Faults switch' })).toContainText('Faults are on');
});
