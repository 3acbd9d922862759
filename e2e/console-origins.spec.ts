/**
 * The console against other origins on 127.0.0.1, in real Chromium against the real `serve`:
 * another local server receives our cookies (they are not isolated by port), and a page it serves
 * is same-site with the console, so SameSite=Strict cookies go along with its requests.
 */
import { expect, test, type Request } from '@playwright/test';
import { startOtherOrigin, type OtherOrigin } from './other-origin';
import { serve, type Served } from './serve';

let bench: Served;
let other: OtherOrigin;
let consoleOrigin: string;
let consoleKey: string;

const FORM_PAGE = (action: string) => `<!doctype html><title>elsewhere</title>
<iframe name="sink"></iframe>
<form id="form" method="POST" target="sink" enctype="text/plain" action="${action}">
  <input name='{"input":null,"x":"' value='"}'>
</form>`;

test.beforeAll(async () => {
  bench = await serve();
  consoleOrigin = new URL(bench.consoleUrl).origin;
  consoleKey = new URL(bench.consoleUrl).searchParams.get('key')!;
  other = await startOtherOrigin({ '/': FORM_PAGE(`${consoleOrigin}/api/traffic/clear`) });
});
test.afterAll(async () => {
  await other.close();
  expect(await bench.stop()).toBe(0);
});

/** The traffic log as a script with the console key sees it. */
async function trafficCount(): Promise<number> {
  const response = await fetch(`${consoleOrigin}/api/traffic/list`, {
    method: 'POST',
    headers: { 'X-Console-Key': consoleKey, 'Content-Type': 'application/json' },
    body: '{"input":{}}',
  });
  return ((await response.json()) as { result: { entries: unknown[] } }).result.entries.length;
}

async function scimRequest(): Promise<void> {
  const response = await fetch(`${bench.scimUrl}/Users?count=1`, {
    headers: { Authorization: `Bearer ${bench.token}` },
  });
  expect(response.status).toBe(200);
  await expect.poll(trafficCount).toBeGreaterThan(0);
}

test('the cookie another local server receives is not the key and opens nothing on the console', async ({ page }) => {
  await page.goto(bench.consoleUrl);
  await expect(page.getByLabel('SCIM endpoint')).toHaveText(bench.scimUrl);
  await page.goto(`${other.origin}/`);

  const cookie = other.received.at(-1)!.headers.cookie ?? '';
  expect(cookie).toMatch(new RegExp(`scim_bench_session_${new URL(consoleOrigin).port}=`)); // Chromium did send it
  expect(cookie).not.toContain(consoleKey);
  // Its owner replays it from a script, forging the headers a browser would send from the console itself.
  const forged = { Cookie: cookie, Origin: consoleOrigin, 'Sec-Fetch-Site': 'same-origin' };
  const info = await fetch(`${consoleOrigin}/api/info/get`, {
    method: 'POST',
    headers: { ...forged, 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(info.status).toBe(401);
  expect(await info.text()).not.toContain(bench.token);
  for (const value of cookie.split(/;\s*/).map((pair) => pair.split('=').slice(1).join('='))) {
    const asKey = await fetch(`${consoleOrigin}/api/info/get`, {
      method: 'POST',
      headers: { 'X-Console-Key': value, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(asKey.status).toBe(401);
  }
  expect((await fetch(`${consoleOrigin}/api/events`, { headers: forged })).status).toBe(401);
  expect((await fetch(`${consoleOrigin}/api/traffic/export?format=ndjson`, { headers: forged })).status).toBe(401);
  // The console itself still works in the same browser.
  await page.goto(`${consoleOrigin}/`);
  await expect(page.getByLabel('SCIM endpoint')).toHaveText(bench.scimUrl);
});

test('a page on another loopback port cannot clear the traffic log', async ({ page }) => {
  await page.goto(bench.consoleUrl); // logged in: the session cookie is in this browser
  await expect(page.getByLabel('SCIM endpoint')).toHaveText(bench.scimUrl);
  await scimRequest();
  const before = await trafficCount();
  await page.goto(`${other.origin}/`);
  const clear = `${consoleOrigin}/api/traffic/clear`;
  const isClear = (r: Request) => r.url() === clear && r.method() === 'POST';
  /** Resolves once Chromium sent the POST and gave up on it: no CORS header, so the page never sees the answer. */
  const sentAndBlocked = () => page.waitForEvent('requestfailed', { predicate: isClear, timeout: 5000 });

  // 1. A "simple" text/plain fetch: no preflight, so the request goes out with the cookie.
  await Promise.all([
    sentAndBlocked(),
    page.evaluate(
      (url) =>
        fetch(url, {
          method: 'POST',
          credentials: 'include',
          body: '{}',
          headers: { 'Content-Type': 'text/plain' },
        }).catch(() => null),
      clear,
    ),
  ]);
  expect(await trafficCount()).toBe(before);

  // 2. A form post (text/plain encoding, shaped like JSON) into a frame.
  const [form] = await Promise.all([
    page.waitForResponse((r) => isClear(r.request()), { timeout: 5000 }),
    page.evaluate(() => (document.getElementById('form') as HTMLFormElement).submit()),
  ]);
  expect(form.status()).toBe(403);
  expect(await trafficCount()).toBe(before);

  // 3. An application/json fetch: Chromium asks first (CORS preflight), is refused, and never sends it.
  const outcome = await page.evaluate(
    (url) =>
      fetch(url, {
        method: 'POST',
        credentials: 'include',
        body: '{}',
        headers: { 'Content-Type': 'application/json' },
      }).then(
        (r) => `answered ${r.status}`,
        (e: Error) => `blocked: ${e.name}`,
      ),
    clear,
  );
  expect(outcome).toBe('blocked: TypeError');
  expect(await trafficCount()).toBe(before);
});
