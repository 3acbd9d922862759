/**
 * 6. The console over a large traffic log, in Debian's Chromium: for 100,000 and 1,000,000 entries,
 * the first render of the traffic view, a text search to its one result, the jump to the oldest
 * entry (End) and the page's JS heap; then, on the smaller log, a live burst with the console open
 * (does the list keep up, and does the page stay responsive and small).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import autocannon from 'autocannon';
import { chromiumLaunchOptions } from '../../e2e/chromium';
import type { Row, Sizes } from './report';
import { consoleReadsSeeded, seededUser, seedTraffic } from './seed-traffic';
import { BENCH_TOKEN, CONSOLE_KEY, startBench } from './servers';
import { tempData } from './workloads';

const grid = (page: Page) => page.getByRole('grid', { name: 'Requests' });
const rowAt = (page: Page, index: number) => grid(page).locator(`[role=row][aria-rowindex="${index + 2}"]`);
const ms = (t: number) => `${t.toFixed(0)} ms`;

/** A data folder with `entries` seeded entries, and retention set so that none of them is pruned. */
function seededData(entries: number): string {
  const dataDir = tempData();
  seedTraffic(dataDir, entries, { consoleReads: true });
  const retention = { maxEntries: 10_000_000, maxAgeDays: 3650, maxBytes: 64 * 1024 ** 3 };
  writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ retention }));
  return dataDir;
}

async function timed(step: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await step();
  return performance.now() - t;
}

async function oneLog(entries: number, burstS: number | null): Promise<Row[]> {
  // One in a hundred seeded entries is a read the console made itself: hidden, as in use.
  const listed = entries - consoleReadsSeeded(entries);
  const seedStart = performance.now();
  const dataDir = seededData(entries);
  const seedMs = performance.now() - seedStart;
  const server = await startBench(dataDir);
  const browser = await chromium.launch({
    ...chromiumLaunchOptions,
    args: [...chromiumLaunchOptions.args, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  const label = `6. console, ${entries.toLocaleString('en')} entries`;
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // Logging in first (the key becomes a cookie), so the render measured is the traffic view's.
    await page.goto(`${server.consoleUrl}/?key=${CONSOLE_KEY}#/settings`);
    await page.getByRole('heading').first().waitFor();
    await page.goto('about:blank');
    const firstRender = await timed(async () => {
      await page.goto(`${server.consoleUrl}/#/traffic`);
      await rowAt(page, 0)
        .filter({ hasText: seededUser(entries - 1) })
        .waitFor();
    });
    const stats = page.getByLabel('Traffic statistics');
    const statsShown = await timed(() =>
      stats.filter({ hasText: `${listed.toLocaleString('en')} requests` }).waitFor(),
    );

    // An entry far back: a search must find it, not scroll to it (the newest rows are on screen).
    const target = seededUser(Math.floor(entries / 3) + 1);
    const search = page.getByRole('searchbox', { name: 'Search traffic' });
    const found = (user: string) =>
      grid(page)
        .and(page.locator('[aria-rowcount="2"]'))
        .waitFor()
        .then(() => rowAt(page, 0).filter({ hasText: user }).waitFor());
    const wholeList = () =>
      grid(page)
        .and(page.locator(`[aria-rowcount="${listed + 1}"]`))
        .waitFor();
    const searchMs = await timed(async () => {
      await search.fill(target);
      await found(target);
    });
    await search.fill('');
    await wholeList();
    // A search as one who presses Enter after typing: no pause. Another entry, so nothing is cached.
    const other = seededUser(Math.floor(entries / 2) + 1);
    const enterMs = await timed(async () => {
      await search.fill(other);
      await search.press('Enter');
      await found(other);
    });
    await search.fill('');
    await rowAt(page, 0)
      .filter({ hasText: seededUser(entries - 1) })
      .waitFor();
    await grid(page)
      .and(page.locator(`[aria-rowcount="${listed + 1}"]`))
      .waitFor();

    await rowAt(page, 0).click();
    const endMs = await timed(async () => {
      await page.keyboard.press('End');
      await rowAt(page, listed - 1)
        .filter({ hasText: seededUser(0) })
        .and(page.locator('[aria-selected="true"]'))
        .waitFor();
    });
    await page.keyboard.press('Home');
    const heap = () =>
      page
        .evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)
        .then((bytes) => bytes / 2 ** 20);
    const heapMb = await heap();
    const rows: Row[] = [
      {
        workload: label,
        metric: 'seeding the log (TrafficStore.insertMany)',
        value: `${(seedMs / 1000).toFixed(1)} s`,
      },
      {
        workload: label,
        metric: 'first render of the traffic view (newest row shown)',
        value: ms(firstRender),
        limitMs: 1000,
        measuredMs: firstRender,
      },
      { workload: label, metric: 'then the statistics (count, errors, p99)', value: `${ms(statsShown)} more` },
      {
        workload: label,
        metric: 'text search to its one result, typed then Enter',
        value: ms(enterMs),
        limitMs: 300,
        measuredMs: enterMs,
      },
      {
        workload: label,
        metric: 'a search typed and left to its 150 ms pause (included)',
        value: ms(searchMs),
      },
      { workload: label, metric: 'End: the oldest entry selected and shown', value: ms(endMs) },
      { workload: label, metric: 'page JS heap', value: `${heapMb.toFixed(1)} MB` },
    ];
    if (burstS === null) return rows;

    // A burst at ~1,000 requests a second with the list open at the top: the list must take in
    // every request (its length is the statistics' count), and the page stay small and responsive.
    const burst = await autocannon({
      url: `${server.scimUrl}/ServiceProviderConfig`,
      headers: { Authorization: `Bearer ${BENCH_TOKEN}` },
      connections: 8,
      overallRate: 1000,
      duration: burstS,
    });
    const ended = performance.now();
    const expected = listed + burst.requests.total;
    const caughtUp = await grid(page)
      .and(page.locator(`[aria-rowcount="${expected + 1}"]`))
      .waitFor({ timeout: 30_000 })
      .then(
        () => `all ${expected.toLocaleString('en')} rows ${ms(performance.now() - ended)} after the burst`,
        async () => `${(await grid(page).getAttribute('aria-rowcount')) ?? '?'} rows of ${expected + 1} after 30 s`,
      );
    await page.evaluate(() => (globalThis as { gc?: () => void }).gc?.());
    const afterMb = await heap();
    const clickMs = await timed(async () => {
      await page.getByRole('button', { name: 'Pause live' }).click();
      await page.getByRole('button', { name: 'Resume live' }).waitFor();
    });
    await page.waitForTimeout(3500); // statistics follow at most every 3 s
    const shown = (await stats.textContent()) ?? '';
    rows.push({
      workload: label,
      metric: `live burst: ${burst.requests.total.toLocaleString('en')} requests in ${burstS} s`,
      value: `the list had ${caughtUp}; page heap ${heapMb.toFixed(1)} → ${afterMb.toFixed(1)} MB; Pause answered in ${ms(clickMs)}; the page then showed “${shown}”`,
    });
    return rows;
  } finally {
    await browser.close();
    await server.stop();
  }
}

export async function consoleWorkload(sizes: Sizes): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [i, entries] of sizes.uiEntries.entries())
    rows.push(...(await oneLog(entries, i === 0 ? (sizes.mode === 'full' ? 120 : 20) : null)));
  return rows;
}
