/**
 * The Traffic detail pane in Chromium against the real `serve`: what a request changed (or that it
 * changed nothing), copy as curl, replay, and exports. Each test has its own bench and data.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { serve, type Served } from './serve';

const ENTRA = 'Azure Active Directory SCIM Provisioning';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const run = promisify(execFile);

let bench: Served;
test.beforeEach(async () => {
  bench = await serve();
});
test.afterEach(async () => {
  expect(await bench.stop()).toBe(0);
});

async function scim(method: string, path: string, body?: unknown) {
  const response = await fetch(bench.scimUrl + path, {
    method,
    headers: { Authorization: `Bearer ${bench.token}`, 'Content-Type': 'application/scim+json', 'User-Agent': ENTRA },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as { id: string } };
}

/** Opens the console and selects the request whose row says `text`. */
async function select(page: Page, text: string) {
  if (!page.url().startsWith('http')) await page.goto(bench.consoleUrl);
  await page.getByRole('grid', { name: 'Requests' }).getByRole('row').filter({ hasText: text }).first().click();
  return page.getByLabel('Request detail');
}

test('a PATCH refused with 400 says that nothing was changed, and shows no diff', async ({ page }) => {
  const alice = await scim('POST', '/Users', { userName: 'alice@contoso.com', title: 'Engineer', active: true });
  const refused = await scim('PATCH', `/Users/${alice.body.id}`, {
    schemas: [PATCH],
    Operations: [{ op: 'Replace', path: 'title', value: 'Manager' }, { op: 'Frobnicate' }],
  });
  expect(refused.status).toBe(400);

  const detail = await select(page, 'tried to update user alice@contoso.com');
  await detail.getByRole('tab', { name: 'Changes' }).click();
  const panel = detail.getByRole('tabpanel', { name: 'Changes' });
  await expect(panel).toContainText('Nothing was changed: the bench answered 400 and applied none of this request.');
  await expect(panel.getByRole('table')).toHaveCount(0);
  // The create, by contrast, shows what it set.
  const created = await select(page, 'created user alice@contoso.com');
  await expect(created.getByRole('tabpanel', { name: 'Changes' })).toContainText('Created with these attributes');
  await expect(created.getByRole('row', { name: /title/ })).toContainText('"Engineer"');
});

test.describe('at 1024×700', () => {
  test.use({ viewport: { width: 1024, height: 700 } });

  test('the detail is in tabs; what changed shows before → after values, a URN key wrapped, and members by name', async ({
    page,
  }) => {
    const bob = await scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
      userName: 'bob@contoso.com',
      [ENTERPRISE]: { department: 'Sales' },
    });
    await scim('PATCH', `/Users/${bob.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: `${ENTERPRISE}:department`, value: 'Engineering' }],
    });
    const members = [bob.body.id];
    for (const userName of ['carol@contoso.com', 'dave@contoso.com'])
      members.push((await scim('POST', '/Users', { userName })).body.id);
    const group = await scim('POST', '/Groups', { displayName: 'Engineering' });
    await scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Add', path: 'members', value: members.map((value) => ({ value })) }],
    });

    const detail = await select(page, 'updated user bob@contoso.com');
    const tabs = detail.getByRole('tab');
    await expect(tabs).toHaveText(['Summary', 'Request', 'Response', 'Changes']);
    await expect(detail.getByRole('tab', { name: 'Summary' })).toHaveAttribute('aria-selected', 'true');
    await expect(detail.getByRole('tabpanel', { name: 'Summary' })).toContainText(
      `PATCH /scim/v2/Users/${bob.body.id}`,
    );
    // The keyboard moves between tabs as WAI-ARIA describes.
    await detail.getByRole('tab', { name: 'Summary' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(detail.getByRole('tab', { name: 'Request' })).toBeFocused();
    await expect(detail.getByRole('tabpanel', { name: 'Request' })).toContainText(`${ENTERPRISE}:department`);
    await page.keyboard.press('End');
    const panel = detail.getByRole('tabpanel', { name: 'Changes' });
    await expect(panel).toBeVisible();

    const row = panel.getByRole('row', { name: /department/ });
    await expect(row.getByRole('rowheader')).toHaveText(`${ENTERPRISE}.department`);
    await expect(row.getByRole('cell').nth(0)).toHaveText('"Sales"');
    await expect(row.getByRole('cell').nth(1)).toHaveText('→ "Engineering"');
    // The long URN wraps inside the pane instead of pushing it sideways.
    const fits = await detail.evaluate((pane) => pane.scrollWidth <= pane.clientWidth);
    expect(fits).toBe(true);
    const header = await row.getByRole('rowheader').boundingBox();
    expect(header!.height).toBeGreaterThan(20); // on more than one line

    const groupDetail = await select(page, 'added members to group Engineering');
    const added = groupDetail.getByRole('region', { name: 'Added members' });
    await expect(added.getByRole('heading')).toHaveText('Added 3 members');
    await expect(added.getByRole('listitem')).toHaveText(['bob@contoso.com', 'carol@contoso.com', 'dave@contoso.com']);
  });
});

test('copy as curl: one reads the token from $SCIM_BENCH_TOKEN and says so, one carries it; both run as curl, not as Entra', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(bench.consoleUrl).origin });
  await scim('POST', '/Users?aadOptscim062020', { userName: 'curl@contoso.com' });
  const detail = await select(page, 'Entra created user curl@contoso.com');
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  await detail.getByRole('button', { name: 'Copy as curl', exact: true }).click();
  await expect(detail.getByRole('button', { name: 'Copied' })).toBeVisible();
  const command = await clipboard();
  expect(command.split('\n')[0]).toBe('# reads the token from $SCIM_BENCH_TOKEN');
  expect(command).toContain(`-A 'curl'`);
  expect(command).not.toContain(bench.token);
  expect(command).not.toContain('Azure');
  await run('sh', ['-c', command], { env: { PATH: process.env.PATH, SCIM_BENCH_TOKEN: bench.token } });

  await detail.getByRole('button', { name: 'Copy as curl with token' }).click();
  await expect.poll(clipboard).toContain(bench.token);
  const withToken = await clipboard();
  expect(withToken.split('\n')[0]).toBe("# carries the bench's current token: do not share it");
  await run('sh', ['-c', withToken], { env: { PATH: process.env.PATH } });

  const rows = page.getByRole('grid', { name: 'Requests' }).getByRole('row');
  await expect(
    rows.filter({ hasText: 'curl tried to create user curl@contoso.com, which failed with 409' }),
  ).toHaveCount(2);
  // The token variant was made for the clipboard only: it is in no export.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export NDJSON' }).click();
  expect(readFileSync((await (await download).path())!, 'utf8')).not.toContain(bench.token);
});

test('replay selects the new entry, which links to the original, and the original lists its replay', async ({
  page,
}) => {
  await scim('POST', '/Users', { userName: 'replayed@contoso.com' });
  const detail = await select(page, 'created user replayed@contoso.com');
  await expect(detail.getByRole('tabpanel', { name: 'Summary' })).toContainText('#1');
  await detail.getByRole('button', { name: 'Replay…' }).click();
  await detail.getByLabel('Replay preview').getByRole('button', { name: 'Send it' }).click();

  await expect(detail.getByRole('status')).toHaveText('Replayed #1: the bench answered 409. This is the new entry.');
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('The console tried to create user');
  const replayRow = page
    .getByRole('grid', { name: 'Requests' })
    .getByRole('row')
    .filter({ hasText: 'tried to create user replayed' });
  await expect(replayRow).toHaveAttribute('aria-selected', 'true');
  const summary = detail.getByRole('tabpanel', { name: 'Summary' });
  await expect(summary).toContainText('Replay of#1');

  await summary.getByRole('button', { name: '#1' }).click();
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('created user replayed@contoso.com');
  await expect(summary).toContainText('Replayed as#2');
  await summary.getByRole('button', { name: '#2' }).click();
  await expect(detail.getByRole('heading', { level: 2 })).toContainText('The console tried to create user');
});

test('exports download from the streaming route, named with the time, as valid HAR', async ({ page }) => {
  await scim('POST', '/Users', { userName: 'exported@contoso.com' });
  await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "exported@contoso.com"')}`);
  await page.goto(bench.consoleUrl);
  await expect(page.getByRole('grid', { name: 'Requests' }).getByRole('row').filter({ hasText: 'Entra' })).toHaveCount(
    2,
  );
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export HAR' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^scim-bench-traffic-\d{8}-\d{4}\.har$/);
  const har = JSON.parse(readFileSync((await file.path())!, 'utf8')) as {
    log: { creator: { name: string }; entries: { request: { method: string; url: string } }[] };
  };
  expect(har.log.creator.name).toBe('SCIM Bench');
  expect(har.log.entries.map((e) => e.request.method)).toEqual(['POST', 'GET']);
  expect(har.log.entries[1]!.request.url).toContain('?filter=');
});
