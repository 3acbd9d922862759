/** The Traffic list in Chromium against the real `serve`: the table, the whole log, filters in the address, pause, the console's own reads, the keyboard. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { TrafficStore } from '../app/store/traffic-store';
import { seededEntry, seededUser, seedTraffic } from '../scripts/bench/seed-traffic';
import { serve, type Served } from './serve';

const ENTRA = 'Azure Active Directory SCIM Provisioning';

function scim(bench: Served, method: string, p: string, body?: unknown) {
  return fetch(bench.scimUrl + p, {
    method,
    headers: { Authorization: `Bearer ${bench.token}`, 'Content-Type': 'application/scim+json', 'User-Agent': ENTRA },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}
const lookup = (bench: Served, userName: string) =>
  scim(bench, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);

/** Logs in with the printed URL (the key becomes a cookie), then opens `hash`. */
async function open(page: Page, bench: Served, hash = '#/traffic') {
  await page.goto(bench.consoleUrl);
  await expect(page).toHaveURL(/\/(#.*)?$/);
  await page.goto(new URL(bench.consoleUrl).origin + '/' + hash);
}

const grid = (page: Page) => page.getByRole('grid', { name: 'Requests' });
const rows = (page: Page) =>
  grid(page)
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell') });
const rowAt = (page: Page, index: number) => grid(page).locator(`[role=row][aria-rowindex="${index + 2}"]`);
const stats = (page: Page) => page.getByLabel('Traffic statistics');
/** Every cell of a column whose text is wider than the cell. */
const clipped = (page: Page, column: string) =>
  grid(page)
    .locator(`[role=gridcell].${column}`)
    .evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent));

async function seeded(count: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scim-bench-e2e-'));
  seedTraffic(dataDir, count);
  return serve([], dataDir);
}

test.describe('the traffic table', () => {
  let bench: Served;
  test.beforeAll(async () => {
    bench = await serve();
    await scim(bench, 'POST', '/Users', { userName: 'alice@contoso.com', active: 'True' }); // strays
    await lookup(bench, 'alice@contoso.com');
    await scim(bench, 'GET', '/Users');
    await scim(bench, 'DELETE', '/Users/nobody');
  });
  test.afterAll(() => bench.stop());

  test('has column headers, shows the whole request target, and marks and filters the rows that strayed from the RFC', async ({
    page,
  }) => {
    await open(page, bench);
    await expect(grid(page).getByRole('columnheader')).toHaveText([
      'Time',
      'Client',
      'Method',
      'Request',
      'Status',
      'RFC',
      'Duration',
      'What happened',
    ]);
    await expect(rows(page)).toHaveCount(4);
    const target = (text: string) => rows(page).filter({ hasText: text }).locator('.target');
    await expect(target('looked up users')).toHaveText('/scim/v2/Users?filter=userName eq "alice@contoso.com"');
    await expect(target('listed users')).toHaveText('/scim/v2/Users');
    await expect(rows(page).filter({ hasText: 'created user' }).locator('.rfc')).toHaveText('≠RFC');
    await expect(rows(page).locator('.rfc').filter({ hasText: '≠RFC' })).toHaveCount(1);
    await page.getByLabel('Strayed from the RFC').check();
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page)).toContainText(['Entra created user alice@contoso.com']);
    await expect(page).toHaveURL(/#\/traffic\?strayed=1$/);
  });

  test('times have milliseconds and the full date on hover, in local time or UTC', async ({ browser }) => {
    const context = await browser.newContext({ timezoneId: 'Asia/Kolkata' }); // UTC+05:30
    const page = await context.newPage();
    await open(page, bench);
    const cell = rows(page).first().locator('.time');
    const clock = /^(\d\d):(\d\d):(\d\d)\.\d{3}$/;
    await expect(cell).toHaveText(clock);
    await expect(cell).toHaveAttribute('title', /GMT\+5:30/);
    const minutes = (text: string) => {
      const [, h, m] = clock.exec(text)!;
      return Number(h) * 60 + Number(m);
    };
    const local = minutes((await cell.textContent())!);
    await page.getByRole('button', { name: 'Times in UTC' }).click();
    await expect(cell).toHaveAttribute('title', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC$/);
    const utc = minutes((await cell.textContent())!);
    expect((local - utc + 1440) % 1440).toBe(330);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Times in UTC' })).toHaveAttribute('aria-pressed', 'true');
    await context.close();
  });

  test('columns and the split are resizable and remembered; a method or a status is never cut off', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await open(page, bench);
    const header = (name: string) => grid(page).getByRole('columnheader', { name, exact: true });
    const width = async (name: string) => (await header(name).boundingBox())!.width;
    const drag = async (name: string, dx: number) => {
      const handle = page.getByRole('separator', { name });
      const box = (await handle.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
    };
    const request = await width('Request');
    await drag('Resize the Request column', 120);
    expect(await width('Request')).toBeCloseTo(request + 120, -1);

    await drag('Resize the Method column', -200); // as narrow as it goes
    await page.getByRole('separator', { name: 'Resize the Status column' }).focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
    expect(await clipped(page, 'method')).toEqual([]);
    expect(await clipped(page, 'status')).toEqual([]);
    await expect(rows(page).locator('.method')).toContainText(['DELETE']);

    const list = page.getByRole('region', { name: 'Traffic' });
    const listWidth = (await list.boundingBox())!.width;
    await drag('Resize the list and the detail', -200);
    expect((await list.boundingBox())!.width).toBeCloseTo(listWidth - 200, -1);

    await page.reload();
    await expect(rows(page)).toHaveCount(4);
    expect(await width('Request')).toBeCloseTo(request + 120, -1);
    expect((await list.boundingBox())!.width).toBeCloseTo(listWidth - 200, -1);
    expect(await clipped(page, 'method')).toEqual([]);
  });
});

test.describe('the whole log', () => {
  test.setTimeout(240_000);
  const COUNT = 100_000;
  let bench: Served;
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    bench = await seeded(COUNT);
  });
  test.afterAll(() => bench.stop());

  test('scrolls back through 100,000 entries to the first, and keeps up with a live burst without dropping one', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await open(page, bench);
    await expect(stats(page)).toContainText('100,000 requests');
    await expect(grid(page)).toHaveAttribute('aria-rowcount', String(COUNT + 1));
    await expect(rowAt(page, 0)).toContainText(seededUser(COUNT - 1));

    await rowAt(page, 0).click();
    await page.keyboard.press('End');
    await expect(rowAt(page, COUNT - 1)).toContainText(seededUser(0));
    await expect(rowAt(page, COUNT - 1)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByLabel('Request detail')).toContainText(seededUser(0));

    await grid(page).evaluate((el) => (el.scrollTop = 50_000 * 32)); // the scrollbar dragged half way
    await expect(rowAt(page, 50_000)).toContainText(seededUser(COUNT - 1 - 50_000));

    // 2,500 requests while the list is open (more than the old live window of 2,000).
    await page.keyboard.press('Home');
    const BURST = 2500;
    for (let n = 0; n < BURST; n += 50)
      await Promise.all(Array.from({ length: 50 }, (_, k) => lookup(bench, `burst-${n + k}@contoso.com`)));
    await expect(stats(page)).toContainText(`${(COUNT + BURST).toLocaleString('en')} requests`, { timeout: 20_000 });
    await expect(grid(page)).toHaveAttribute('aria-rowcount', String(COUNT + BURST + 1));
    await grid(page).evaluate((el) => (el.scrollTop = 2480 * 32));
    await expect(rowAt(page, BURST - 1)).toContainText('burst-');
    await expect(rowAt(page, BURST)).toContainText(seededUser(COUNT - 1));
    // Every burst request is above the seeded ones, each once.
    const burst = new Set<string>();
    for (let at = 0; at < BURST; at += 20) {
      await grid(page).evaluate((el, top) => (el.scrollTop = top), at * 32);
      await expect(rowAt(page, at)).toContainText('burst-');
      await expect(grid(page).locator('.traffic-row.loading')).toHaveCount(0); // every row on screen read
      for (const text of await grid(page).locator('.target').allTextContents())
        for (const [name] of text.matchAll(/burst-\d+/g)) burst.add(name);
    }
    expect(burst.size).toBe(BURST);
  });

  test('a search over 100,000 entries finds the one entry', async ({ page }) => {
    await open(page, bench);
    await page.getByRole('searchbox', { name: 'Search traffic' }).fill(seededUser(4321));
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page)).toContainText([seededUser(4321)]);
    await expect(stats(page)).toContainText('1 request');
  });
});

test.describe('filters in the address', () => {
  let bench: Served;
  test.beforeAll(async () => {
    bench = await serve();
    await scim(bench, 'POST', '/Users', { userName: 'a@contoso.com' });
    await scim(bench, 'POST', '/Users', { userName: 'a@contoso.com' }); // 409
    await lookup(bench, 'a@contoso.com');
    await fetch(`${bench.scimUrl}/Users`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${bench.token}`,
        'Content-Type': 'application/scim+json',
        'User-Agent': 'Okta SCIM Client 1.0.0',
      },
      body: JSON.stringify({ userName: 'o@fabrikam.com' }),
    });
  });
  test.afterAll(() => bench.stop());

  test('are read from a shared link, survive a reload, keep their labels, do not facet on themselves, and clear in one click', async ({
    page,
  }) => {
    await open(page, bench, '#/traffic?status=4xx&client=entra');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page)).toContainText(['409']);
    const selected = (name: string) => page.getByLabel(name, { exact: true }).locator('option:checked');
    await expect(selected('Status')).toHaveText('Status: 4xx (1)');
    await expect(selected('Client')).toHaveText('Client: entra (1)');
    await page.reload();
    await expect(rows(page)).toHaveCount(1);
    await expect(selected('Client')).toHaveText('Client: entra (1)');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/#\/traffic$/);
    await expect(rows(page)).toHaveCount(4);

    await page.getByLabel('Operation', { exact: true }).selectOption('create-user');
    await expect(page).toHaveURL(/#\/traffic\?op=create-user$/);
    await expect(rows(page)).toHaveCount(3);
    await expect(selected('Operation')).toHaveText('Operation: create-user (3)');
    // The other operations stay in the menu, with what they would show.
    await expect(page.getByLabel('Operation', { exact: true }).locator('option')).toHaveText([
      'Operation: all',
      'Operation: create-user (3)',
      'Operation: lookup-users (1)',
    ]);

    await page.getByRole('searchbox', { name: 'Search traffic' }).fill('nothing-has-this');
    await expect(page.getByRole('status').filter({ hasText: 'No requests match these filters' })).toHaveText(
      'No requests match these filters · Clear filters',
    );
    await page.getByRole('status').getByRole('button', { name: 'Clear filters' }).click();
    await expect(rows(page)).toHaveCount(4);
    await expect(page.getByRole('searchbox', { name: 'Search traffic' })).toHaveValue('');
    await expect(page).toHaveURL(/#\/traffic$/);
  });

  test('a time range is kept as a range, and rolls: what ages out of it leaves the list', async ({ page }) => {
    test.setTimeout(60_000);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scim-bench-e2e-'));
    const store = new TrafficStore(path.join(dataDir, 'traffic.db'));
    const ageing = new Date(Date.now() - 15 * 60_000 + 10_000).toISOString(); // 15 minutes old in 10 s
    store.insertMany([
      { ...seededEntry(1, 2), time: new Date(Date.now() - 3600_000).toISOString() },
      { ...seededEntry(2, 2), time: ageing },
      { ...seededEntry(3, 2), time: new Date().toISOString() },
    ]);
    store.close();
    const timed = await serve([], dataDir);
    try {
      await open(page, timed);
      await page.getByRole('combobox', { name: 'Time', exact: true }).selectOption({ label: 'Time: last 15 minutes' });
      await expect(page).toHaveURL(/#\/traffic\?last=15m$/);
      await expect(rows(page)).toHaveCount(2);
      await expect(rows(page)).toContainText([seededUser(3), seededUser(2)]);
      await expect(rows(page)).toHaveCount(1, { timeout: 40_000 });
      await expect(rows(page)).toContainText([seededUser(3)]);
      await expect(page).toHaveURL(/#\/traffic\?last=15m$/);
    } finally {
      await timed.stop();
    }
  });
});

test('Pause, then Resume: what arrived in between is counted, then shown, and the figures agree with the list', async ({
  page,
}) => {
  const bench = await serve();
  try {
    for (const n of [1, 2, 3]) await lookup(bench, `before-${n}@contoso.com`);
    await open(page, bench);
    await expect(rows(page)).toHaveCount(3);
    await page.getByRole('button', { name: 'Pause live' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Paused' })).toHaveText('Paused · 0 new');
    for (let n = 0; n < 37; n++) await lookup(bench, `during-${n}@contoso.com`);
    await expect(page.getByRole('status').filter({ hasText: 'Paused' })).toHaveText('Paused · 37 new');
    await expect(rows(page)).toHaveCount(3);
    await expect(stats(page)).toContainText('3 requests');
    await page.getByRole('button', { name: 'Resume live' }).click();
    await expect(grid(page)).toHaveAttribute('aria-rowcount', '41');
    await expect(stats(page)).toContainText('40 requests');
    await expect(rows(page).first()).toContainText('during-');
    await expect(page.getByRole('status').filter({ hasText: 'Paused' })).toHaveCount(0);
  } finally {
    await bench.stop();
  }
});

test("the console's own requests are hidden unless shown, and the connection test's 401 is not an error", async ({
  page,
}) => {
  const bench = await serve();
  try {
    await scim(bench, 'POST', '/Users', { userName: 'client@contoso.com' });
    await open(page, bench, '#/connect');
    await page.getByRole('button', { name: 'Test the local endpoint' }).click();
    await expect(page.getByLabel('Connection test').getByRole('listitem').filter({ hasText: '✓' })).toHaveCount(4);
    await page.getByRole('button', { name: 'Directory', exact: true }).click();
    await expect(page.getByRole('button', { name: 'client@contoso.com' })).toBeVisible();
    await page.getByRole('button', { name: 'Traffic', exact: true }).click();

    await expect(rows(page)).toHaveCount(1);
    await expect(stats(page)).toHaveText(/^1 request · 0\.0% errors/);
    const toggle = page.getByLabel(/Show the console’s own requests/);
    await expect(toggle).not.toBeChecked();
    const label = page.locator('label').filter({ has: toggle });
    await expect(label).toHaveText(/^Show the console’s own requests \((\d+)\)$/);
    const own = Number(/\((\d+)\)/.exec((await label.textContent())!)![1]);
    expect(own).toBeGreaterThanOrEqual(5); // four probe steps and the Directory's read

    await toggle.check();
    await expect(page).toHaveURL(/#\/traffic\?console=1$/);
    await expect(rows(page)).toHaveCount(1 + own);
    await expect(rows(page).filter({ hasText: 'The console was refused' })).toHaveCount(1);
    await expect(stats(page)).not.toContainText(' 0.0% errors');
    await toggle.uncheck();
    await expect(rows(page)).toHaveCount(1);
  } finally {
    await bench.stop();
  }
});

test('the keyboard: a visible focus ring, j/k and arrows keep the selection in view, Enter opens the detail, Esc returns, Home/End', async ({
  page,
}) => {
  const COUNT = 120;
  const bench = await seeded(COUNT);
  try {
    await page.setViewportSize({ width: 1024, height: 700 });
    await open(page, bench);
    await rowAt(page, 0).click();
    await expect(rowAt(page, 0)).toHaveAttribute('aria-selected', 'true');
    const ring = await rowAt(page, 0).evaluate(
      (el) => getComputedStyle(el).outlineStyle + getComputedStyle(el).outlineWidth,
    );
    expect(ring).toBe('solid2px');

    const inView = async (index: number) => {
      const row = (await rowAt(page, index).boundingBox())!;
      const box = (await grid(page).boundingBox())!;
      const header = (await grid(page).getByRole('row').first().boundingBox())!;
      return row.y >= header.y + header.height - 1 && row.y + row.height <= box.y + box.height + 1;
    };
    for (let i = 0; i < 40; i++) await page.keyboard.press('j');
    await expect(rowAt(page, 40)).toHaveAttribute('aria-selected', 'true');
    expect(await inView(40)).toBe(true);
    for (let i = 0; i < 5; i++) await page.keyboard.press('k');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(rowAt(page, 34)).toHaveAttribute('aria-selected', 'true');
    expect(await inView(34)).toBe(true);

    await page.keyboard.press('End');
    await expect(rowAt(page, COUNT - 1)).toHaveAttribute('aria-selected', 'true');
    expect(await inView(COUNT - 1)).toBe(true);
    await page.keyboard.press('Home');
    await expect(rowAt(page, 0)).toHaveAttribute('aria-selected', 'true');
    expect(await inView(0)).toBe(true);

    await page.keyboard.press('Enter');
    const focusedIn = () =>
      page.evaluate(() => document.activeElement?.closest('[role=grid], .traffic-detail-pane')?.className);
    await expect.poll(focusedIn).toBe('traffic-detail-pane');
    await expect(page.getByLabel('Request detail')).toContainText(seededUser(COUNT - 1));
    await page.keyboard.press('Escape');
    await expect.poll(focusedIn).toBe('traffic-grid');
    await page.keyboard.press('j');
    await expect(rowAt(page, 1)).toHaveAttribute('aria-selected', 'true');
  } finally {
    await bench.stop();
  }
});
