/**
 * Endpoints in the console, in Chromium against the real `serve`: one created with a preset, its
 * traffic kept apart from the default endpoint's, its profile and schema edited, then reset and
 * deleted — each checked over HTTP as a client sees it, not only on screen.
 */
import { expect, test, type Page } from '@playwright/test';
import { endpointNamed, scimTo } from './endpoint-helpers';
import { serve, type Served } from './serve';

let bench: Served;
test.beforeAll(async () => (bench = await serve()));
test.afterAll(async () => expect(await bench.stop()).toBe(0));
test.describe.configure({ mode: 'serial' });

const named = (name: string) => endpointNamed(bench, name);
const scim = scimTo;

async function open(page: Page, screen: string) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click();
}

test('an endpoint created with a preset has its own URL, and its traffic is its own', async ({ page }) => {
  await page.goto(bench.consoleUrl);
  await open(page, 'Endpoints');
  const form = page.getByRole('form', { name: 'New endpoint' });
  await form.getByLabel('Name').fill('Okta Test');
  await expect(form.getByText('The name must be 1–40 lower-case letters')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Create endpoint' })).toBeDisabled();
  await form.getByLabel('Name').fill('okta-test');
  await form.getByLabel('Preset').selectOption({ label: 'Typical SaaS app' });
  await expect(form).toContainText('Rejects unknown attributes, caps pages at 100');
  await form.getByRole('button', { name: 'Create endpoint' }).click();
  const url = bench.scimUrl.replace(/\/scim\/v2$/, '/scim/okta-test/v2');
  await expect(form.getByRole('status')).toHaveText(`Created okta-test: ${url}`);
  const row = page.getByRole('table', { name: 'Endpoints' }).getByRole('row', { name: /okta-test/ });
  await expect(row).toContainText(url);
  await expect(row).toContainText('Typical SaaS app');

  const okta = (await named('okta-test'))!;
  expect(okta.scimUrl).toBe(url);
  const created = await scim(okta, 'POST', '/Users', { userName: 'only.here@contoso.com' });
  expect(created.status).toBe(201);
  // The default endpoint's token does not open it.
  expect((await scim({ ...okta, token: bench.token }, 'GET', '/Users')).status).toBe(401);

  await open(page, 'Traffic');
  const switcher = page.getByRole('combobox', { name: 'Endpoint' });
  await switcher.selectOption({ label: 'okta-test' });
  await expect(page).toHaveURL(/#\/traffic\?endpoint=/);
  const sentRow = page.getByRole('row').filter({ hasText: 'only.here@contoso.com' });
  await expect(sentRow.first()).toBeVisible();
  await switcher.selectOption({ label: 'default' });
  await expect(page.getByRole('row').filter({ hasText: 'only.here@contoso.com' })).toHaveCount(0);
  await switcher.selectOption({ label: 'All endpoints' });
  await expect(sentRow.first()).toContainText('okta-test'); // each row names its endpoint

  // With the switcher, the header still fits on one line at 1024 px.
  await page.setViewportSize({ width: 1024, height: 700 });
  const heights = await page
    .locator('header > *')
    .evaluateAll((items) => items.map((el) => el.getBoundingClientRect().top));
  expect(Math.max(...heights) - Math.min(...heights)).toBeLessThan(20);
});

test('the profile editor saves a preset or edited fields, and says what it refuses', async ({ page }) => {
  await page.goto(bench.consoleUrl);
  await open(page, 'Endpoints');
  await page.getByRole('button', { name: 'okta-test', exact: true }).click();
  const profile = page.getByRole('region', { name: /^Profile/ });
  await expect(profile.getByRole('heading')).toHaveText('Profile: Typical SaaS app');
  await profile.getByRole('button', { name: 'Edit the fields…' }).click();
  await profile.getByLabel('Largest page').fill('5000');
  await expect(profile.getByRole('list', { name: 'Problems with the profile' })).toContainText('Largest page:');
  await expect(profile.getByRole('button', { name: 'Save the profile' })).toBeDisabled();
  await profile.getByLabel('Largest page').fill('50');
  await profile.getByLabel('Filter: most results').fill('42');
  await expect(profile.getByRole('heading')).toContainText('edited');
  await profile.getByRole('button', { name: 'Save the profile' }).click();
  await expect(profile.getByRole('status')).toHaveText('Saved.');
  const saved = (await named('okta-test'))!;
  expect([saved.preset, saved.profile.maxPageSize]).toEqual([null, 50]);
  // Discovery says what the endpoint now does.
  const config = await scim(saved, 'GET', '/ServiceProviderConfig');
  expect(JSON.parse(config.body!).filter).toEqual({ supported: true, maxResults: 42 });

  // What only the engine knows (its dialect codes) is refused by it, in words, and nothing is applied.
  await profile.getByLabel('Answer one code otherwise').fill('no-such-code');
  await profile.getByRole('button', { name: 'Add code' }).click();
  await profile.getByLabel('Largest page').fill('60');
  await profile.getByRole('button', { name: 'Save the profile' }).click();
  await expect(profile.getByRole('alert')).toContainText(
    'Could not save the profile: The profile cannot be used: dialect.codes: "no-such-code" is not a dialect code',
  );
  await expect(profile.getByText('Not saved yet.')).toBeVisible();
  expect((await named('okta-test'))!.profile).toEqual(saved.profile);

  await profile.getByRole('radio', { name: /RFC strict/ }).check();
  await profile.getByRole('button', { name: 'Save the profile' }).click();
  await expect(profile.getByRole('heading')).toHaveText('Profile: RFC strict');
  expect((await named('okta-test'))!.preset).toBe('rfc-strict');
});

const HR = 'urn:example:params:scim:schemas:extension:hr:2.0:User';

test('a custom attribute declared in the schema editor is saved for that endpoint only, and exports', async ({
  page,
}) => {
  await page.goto(bench.consoleUrl);
  await open(page, 'Endpoints');
  await page.getByRole('button', { name: 'okta-test', exact: true }).click();
  const editor = page.getByRole('region', { name: 'Custom schema' });
  await editor.getByLabel('Import JSON…').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ id: HR, name: 'HR', attributes: [{ name: 'x', type: 'text' }] })),
  });
  await expect(editor.getByRole('list', { name: 'Problems with the schema' })).toContainText(
    `broken.json: Extension ${HR}, attribute x, type:`,
  );

  const extension = editor.getByRole('form', { name: 'New extension' });
  await extension.getByLabel('Extension URN').fill(HR);
  await extension.getByLabel('Name').fill('HR');
  await extension.getByRole('button', { name: 'Add the extension' }).click();
  const attribute = editor.getByRole('form', { name: 'New attribute' });
  await attribute.getByLabel('Name').fill('costCenter');
  await attribute.getByLabel('Case-exact').check();
  await attribute.getByLabel('Uniqueness').selectOption('server');
  await attribute.getByRole('button', { name: 'Add the attribute' }).click();
  await expect(editor.getByRole('table', { name: 'Attributes of HR' })).toContainText('costCenter');
  await editor.getByRole('button', { name: 'Save the schema' }).click();
  await expect(editor.getByRole('status')).toHaveText('Saved.');

  // The engine holds exactly what the form declared, for this endpoint only.
  const okta = (await named('okta-test'))!;
  expect(okta.schema.extensions).toMatchObject([
    {
      id: HR,
      name: 'HR',
      resourceType: 'User',
      attributes: [{ name: 'costCenter', caseExact: true, uniqueness: 'server' }],
    },
  ]);
  expect((await named('default'))!.schema.extensions).toEqual([]);

  const download = page.waitForEvent('download');
  await editor.getByRole('button', { name: 'Export JSON' }).click();
  const file = JSON.parse(
    await (await (await download).createReadStream()).toArray().then((c) => Buffer.concat(c).toString()),
  );
  expect(file.extensions[0]).toMatchObject({
    id: HR,
    attributes: [{ name: 'costCenter', caseExact: true, uniqueness: 'server' }],
  });
});

test('reset wipes the data and says what stays; delete removes the endpoint, never the default one', async ({
  page,
}) => {
  await page.goto(bench.consoleUrl);
  await open(page, 'Endpoints');
  await page.getByRole('button', { name: 'default', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Delete…' })).toHaveCount(0);
  await page.getByRole('button', { name: 'okta-test', exact: true }).click();
  await page.getByRole('button', { name: 'Reset…' }).click();
  const ask = page.getByRole('group', { name: 'Reset okta-test?' });
  await expect(ask).toContainText('Deletes its 1 user and 0 groups. Its URL, token, OAuth client, profile, schema');
  await ask.getByRole('button', { name: 'Reset now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Reset:' })).toHaveText(
    'Reset: removed 1 user and 0 groups.',
  );
  const okta = (await named('okta-test'))!;
  expect([okta.users, okta.profile.dialect.default]).toEqual([0, 'refuse']); // the profile stayed
  expect((await scim(okta, 'GET', '/Users')).status).toBe(200);

  await page.getByRole('button', { name: 'Delete…' }).click();
  const del = page.getByRole('group', { name: 'Delete okta-test?' });
  await expect(del).toContainText(`${okta.scimUrl} answers 401 from then on`);
  await del.getByRole('button', { name: 'Delete now' }).click();
  await expect(page.getByRole('table', { name: 'Endpoints' }).getByRole('row', { name: /okta-test/ })).toHaveCount(0);
  expect(await named('okta-test')).toBeUndefined();
  // Gone, answered exactly like a wrong token (a name is not revealed by its answer).
  expect((await scim(okta, 'GET', '/Users')).status).toBe(401);
});
