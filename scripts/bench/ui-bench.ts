/**
 * 6. The console with many traffic entries, in Debian's Chromium: first render of the traffic view
 * and the time for a text search to show its result, plus the page's JS heap.
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/chromium';
import path from 'node:path';
import { TrafficStore } from '../../app/store/traffic-store';
import type { Row, Sizes } from './report';
import autocannon from 'autocannon';
import { BENCH_TOKEN, CONSOLE_KEY, startBench } from './servers';
import { tempData } from './workloads';

function seedTraffic(dataDir: string, entries: number): void {
  const store = new TrafficStore(path.join(dataDir, 'traffic.db'));
  const batch = [];
  for (let i = 0; i < entries; i++) {
    batch.push({
      time: new Date(Date.now() - (entries - i) * 1000).toISOString(),
      client: 'entra' as const,
      method: i % 3 ? 'GET' : 'POST',
      path: '/scim/v2/Users',
      query: i % 3 ? `filter=userName+eq+%22user${i}%40contoso.com%22` : '',
      status: i % 50 ? 200 : 409,
      authenticated: true,
      deviations: i % 3 ? 0 : 1,
      durationMs: 1 + (i % 7),
      operation: i % 3 ? ('lookup-users' as const) : ('create-user' as const),
      resourceType: 'User',
      resourceId: null,
      sentence:
        i % 3
          ? `Entra looked up users where userName eq "user${i}@contoso.com" — found none`
          : `Entra created user user${i}@contoso.com`,
      requestHeaders: { 'user-agent': 'Azure Active Directory SCIM Provisioning' },
      requestBody: i % 3 ? null : JSON.stringify({ userName: `user${i}@contoso.com`, active: 'True' }),
      responseHeaders: {},
      responseBody: '{}',
      notes: [],
      before: null,
      after: null,
      members: null,
    });
    if (batch.length === 5000) store.insertMany(batch.splice(0));
  }
  store.insertMany(batch);
  store.close();
}

export async function consoleWorkload(sizes: Sizes): Promise<Row[]> {
  const dataDir = tempData();
  seedTraffic(dataDir, sizes.uiEntries);
  const server = await startBench(dataDir);
  const browser = await chromium.launch({
    ...chromiumLaunchOptions,
    args: [...chromiumLaunchOptions.args, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  try {
    const page = await browser.newPage();
    const label = `6. console, ${sizes.uiEntries.toLocaleString('en')} entries`;
    let t = performance.now();
    await page.goto(`${server.consoleUrl}/?key=${CONSOLE_KEY}`);
    await page.getByRole('row').first().waitFor();
    const firstRender = performance.now() - t;
    const target = `user${sizes.uiEntries - 7}@contoso.com`;
    t = performance.now();
    await page.getByRole('searchbox', { name: 'Search traffic' }).fill(target);
    await page.getByRole('row').filter({ hasText: target }).first().waitFor();
    const search = performance.now() - t;
    const heap = () =>
      page
        .evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)
        .then((bytes) => bytes / 2 ** 20);
    const heapMb = await heap();

    // A burst at ~1,000 requests a second with the live view open: memory must stay bounded
    // (the live list keeps 2,000 rows; older ones are a page fetch away).
    await page.getByRole('searchbox', { name: 'Search traffic' }).fill('');
    const burstS = sizes.mode === 'full' ? 120 : 20;
    const burst = await autocannon({
      url: `${server.scimUrl}/ServiceProviderConfig`,
      headers: { Authorization: `Bearer ${BENCH_TOKEN}` },
      connections: 8,
      overallRate: 1000,
      duration: burstS,
    });
    await page.waitForTimeout(1500);
    await page.evaluate(() => (globalThis as { gc?: () => void }).gc?.());
    const afterMb = await heap();
    await page.waitForTimeout(3000); // statistics refresh at most every 3 s
    const stats = (await page.getByLabel('Traffic statistics').textContent()) ?? '';
    const clicked = performance.now();
    await page.getByRole('button', { name: 'Pause live' }).click();
    const clickMs = performance.now() - clicked;
    return [
      {
        workload: label,
        metric: 'first render of the traffic view',
        value: `${firstRender.toFixed(0)} ms`,
        limitMs: 1000,
        measuredMs: firstRender,
      },
      { workload: label, metric: 'text search to first matching row', value: `${search.toFixed(0)} ms` },
      { workload: label, metric: 'page JS heap', value: `${heapMb.toFixed(1)} MB` },
      {
        workload: label,
        metric: `live burst: ${burst.requests.total.toLocaleString('en')} requests in ${burstS} s`,
        value: `page heap ${heapMb.toFixed(1)} → ${afterMb.toFixed(1)} MB; a click answered in ${clickMs.toFixed(0)} ms; the page then showed “${stats}”`,
      },
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}
