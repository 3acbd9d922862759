/** The `serve` console over real HTTP: loopback Host only, same-origin only, a key or a whole session, inputs validated. */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_KEY, consoleCommand, loginToConsole, startBench, startConsole } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';
import { ConsoleKey } from './console-key';
import { startConsoleServer, type ConsoleServer } from './console-server';

/** fetch() will not let us forge Host, so this uses node:http directly (as a rebinding page would). */
const withHost = (port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/info/get',
        method: 'POST',
        headers: { Host: host, 'X-Console-Key': CONSOLE_KEY, 'Content-Type': 'application/json' },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode!);
      },
    );
    req.on('error', reject);
    req.end('{}');
  });

const KEY = { 'X-Console-Key': CONSOLE_KEY };

describe('console API', () => {
  it('refuses a Host that is not loopback (DNS rebinding)', async () => {
    const { port } = await startConsole();
    expect(await withHost(port, `evil.example:${port}`)).toBe(421);
    expect(await withHost(port, `localhost:${port}`)).toBe(200);
  });

  it('trades the printed URL for a session: a random id in a per-port HttpOnly SameSite=Strict cookie, never the key', async () => {
    const { base, port } = await startConsole();
    expect((await consoleCommand(base, '/api/info/get', {})).status).toBe(401);
    expect((await fetch(`${base}/?key=wrong`, { redirect: 'manual' })).status).toBe(403);
    const { setCookie, setCookies, cookie, pageToken } = await loginToConsole(base);
    expect(setCookie).toMatch(new RegExp(`^scim_bench_session_${port}=[\\w-]{40,};`));
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toContain(CONSOLE_KEY);
    // The cookie earlier versions set — the key itself — is dropped.
    expect(setCookies).toContainEqual(expect.stringMatching(/^scim_bench_console=; Path=\/; Expires=Thu, 01 Jan 1970/));
    expect(pageToken).toMatch(/^[\w-]{40,}$/);
    const info = await consoleCommand(base, '/api/info/get', { Cookie: cookie, 'X-Console-Session': pageToken });
    expect(info.status).toBe(200);
    expect(((await info.json()) as { result: { scimUrl: string } }).result.scimUrl).toMatch(/\/scim\/v2$/);
    expect(info.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('hands the page a token only when it belongs to the cookie: a page opening /?session=garbage is sent to /', async () => {
    // Any page can window.open the console with a token it chose; the page would store it and be signed out.
    const { base } = await startConsole();
    const { cookie, pageToken } = await loginToConsole(base);
    const open = (query: string, headers: Record<string, string> = { Cookie: cookie }) =>
      fetch(`${base}/?${query}`, { redirect: 'manual', headers });
    for (const forged of [open('session=garbage'), open(`session=${pageToken}x`), open(`session=${pageToken}`, {})]) {
      const response = await forged;
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/');
    }
    expect((await open(`session=${pageToken}`)).status).not.toBe(303); // the login's own hand-over is served
  });

  it('a leaked session cookie is useless on its own, even replayed with forged same-origin headers', async () => {
    // Browsers send our cookie to every port on 127.0.0.1: its owner replays it from a script.
    const { base, port } = await startConsole();
    const first = await loginToConsole(base);
    const second = await loginToConsole(base);
    const forged = { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' };
    expect((await consoleCommand(base, '/api/info/get', { ...forged, Cookie: first.cookie })).status).toBe(401);
    expect((await fetch(`${base}/api/events`, { headers: { ...forged, Cookie: first.cookie } })).status).toBe(401);
    // Half of one session and half of another is not a session either, nor the page token alone.
    const mixed = { Cookie: first.cookie, 'X-Console-Session': second.pageToken };
    expect((await consoleCommand(base, '/api/info/get', mixed)).status).toBe(401);
    expect((await consoleCommand(base, '/api/info/get', { 'X-Console-Session': first.pageToken })).status).toBe(401);
    // The cookie's value as a console key gets nowhere.
    const asKey = { 'X-Console-Key': first.cookie.split('=')[1]! };
    expect((await consoleCommand(base, '/api/info/get', asKey)).status).toBe(401);
  });

  it('refuses commands, the event stream and the export when a browser says they came from another origin', async () => {
    const { base, port, scim, traffic } = await startConsole();
    await scim('/Users', { method: 'POST', json: { userName: 'kept' } });
    await traffic(1);
    const { cookie, pageToken } = await loginToConsole(base);
    const session = { Cookie: cookie, 'X-Console-Session': pageToken };
    // Another port on 127.0.0.1 is same-site: SameSite=Strict cookies go along, so the origin decides.
    const elsewhere: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'same-site' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Origin: `http://127.0.0.1:${port + 1}` },
      { Origin: 'null' },
    ];
    for (const from of elsewhere) {
      for (const credentials of [session, KEY]) {
        const clear = await consoleCommand(base, '/api/traffic/clear', { ...credentials, ...from });
        expect(clear.status).toBe(403);
        expect(((await clear.json()) as { error: string }).error).toMatch(/^Refused: the request came from/);
        expect((await fetch(`${base}/api/events`, { headers: { ...credentials, ...from } })).status).toBe(403);
        const exported = await fetch(`${base}/api/traffic/export?format=ndjson`, {
          headers: { ...credentials, ...from },
        });
        expect(exported.status).toBe(403);
      }
    }
    expect((await engineTraffic(base)).length).toBe(1);
    // The console's own page, and scripts that send neither header, are served.
    const own = { Origin: `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' };
    expect((await consoleCommand(base, '/api/info/get', { ...session, ...own })).status).toBe(200);
    expect((await consoleCommand(base, '/api/info/get', KEY)).status).toBe(200);
    const exported = await fetch(`${base}/api/traffic/export?format=ndjson&session=${pageToken}`, {
      headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain('kept');
  });

  it('takes commands only as JSON: a text/plain or form post (no CORS preflight) changes nothing', async () => {
    const { base, scim, traffic } = await startConsole();
    await scim('/Users', { method: 'POST', json: { userName: 'kept' } });
    await traffic(1);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const clear = await consoleCommand(base, '/api/traffic/clear', { ...KEY, 'Content-Type': type });
      expect(clear.status).toBe(415);
    }
    const none = await fetch(`${base}/api/traffic/clear`, { method: 'POST', headers: KEY });
    expect(none.status).toBe(415);
    expect((await engineTraffic(base)).length).toBe(1);
    expect((await consoleCommand(base, '/api/traffic/clear', KEY)).status).toBe(200);
    expect((await engineTraffic(base)).length).toBe(0);
  });

  it('validates command input against the shared contract', async () => {
    const { base } = await startConsole();
    const call = (path: string, input: unknown) => consoleCommand(base, path, KEY, JSON.stringify({ input }));
    const bad = await call('/api/traffic/get', { id: 'one; DROP TABLE traffic' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/Invalid input for traffic:get/);
    expect((await call('/api/traffic/list', { limit: 10_000 })).status).toBe(400);
    expect((await call('/api/traffic/list', { limit: 5 })).status).toBe(200);
    expect((await call('/api/nope/nothing', {})).status).toBe(404);
  });

  it('streams new traffic as server-sent events, to the key or to a whole session', async () => {
    const { base, scim } = await startConsole();
    const { cookie, pageToken } = await loginToConsole(base);
    for (const [url, headers] of [
      [`${base}/api/events`, KEY],
      [`${base}/api/events?session=${pageToken}`, { Cookie: cookie }],
    ] as const) {
      const response = await fetch(url, { headers });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      await scim('/Users', { method: 'POST', json: { userName: `sse-${response.url.length}` } });
      let text = '';
      while (!text.includes('event: traffic:new')) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toContain('created user sse');
      await reader.cancel();
    }
  });
});

async function engineTraffic(base: string): Promise<unknown[]> {
  const response = await consoleCommand(base, '/api/traffic/list', KEY, JSON.stringify({ input: {} }));
  return ((await response.json()) as { result: { entries: unknown[] } }).result.entries;
}

describe('console key and sessions across restarts', () => {
  const servers: ConsoleServer[] = [];
  afterEach(() => servers.splice(0).forEach((server) => server.close()));

  /** What `serve` does at start: the key from the data folder (or the flag), the console on a port. */
  async function serveConsole(dataDir: string, port = 0, given: string | null = null) {
    const bench = await startBench({ dataDir });
    const key = ConsoleKey.load(dataDir, given, (message) => {
      throw new Error(message);
    });
    const server = await startConsoleServer(bench.engine, { port, consoleKey: key, uiDir: tempDir() });
    servers.push(server);
    return { base: `http://127.0.0.1:${server.port}`, port: server.port, key, server, engine: bench.engine };
  }

  /** Stops what `serve` started, as SIGTERM does. */
  async function stop({ server, engine }: Awaited<ReturnType<typeof serveConsole>>) {
    const closed = new Promise((resolve) => server.server.once('close', resolve));
    server.close();
    await closed;
    await engine.close();
    await new Promise((resolve) => setTimeout(resolve, 50)); // fetch's pool sees the old sockets close
  }

  const login = async (base: string, key: string) => {
    const response = await fetch(`${base}/?key=${key}`, { redirect: 'manual' });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('scim_bench_session_')) ?? '';
    const pageToken = new URL(response.headers.get('location') ?? '/', base).searchParams.get('session') ?? '';
    return { status: response.status, cookie: setCookie.split(';')[0]!, pageToken };
  };
  const info = (base: string, headers: Record<string, string>) => consoleCommand(base, '/api/info/get', headers);

  it('keeps the console key owner-only in the data folder, and a session works after a restart', async () => {
    const dataDir = tempDir();
    const first = await serveConsole(dataDir);
    const file = path.join(dataDir, 'console-key.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ key: first.key.current });
    const { cookie, pageToken } = await login(first.base, first.key.current);
    const session = { Cookie: cookie, 'X-Console-Session': pageToken };
    expect((await info(first.base, session)).status).toBe(200);

    await stop(first);
    const again = await serveConsole(dataDir, first.port); // the same port and data folder
    expect(again.key.current).toBe(first.key.current);
    expect((await info(again.base, session)).status).toBe(200);
    const events = await fetch(`${again.base}/api/events?session=${pageToken}`, { headers: { Cookie: cookie } });
    expect(events.status).toBe(200);
    await events.body!.cancel();
  });

  it('--console-key wins for its run, is never written, and ends sessions made under another key', async () => {
    const dataDir = tempDir();
    const saved = await serveConsole(dataDir);
    const { cookie, pageToken } = await login(saved.base, saved.key.current);
    await stop(saved);
    const given = await serveConsole(dataDir, saved.port, 'a-key-given-on-the-command-line');
    expect(readFileSync(path.join(dataDir, 'console-key.json'), 'utf8')).not.toContain('command-line');
    expect((await info(given.base, { Cookie: cookie, 'X-Console-Session': pageToken })).status).toBe(401);
    expect((await login(given.base, saved.key.current)).status).toBe(403);
    expect((await login(given.base, 'a-key-given-on-the-command-line')).status).toBe(303);
  });

  it('rotating the key from the console ends every session and the old key; the new URL signs in', async () => {
    const dataDir = tempDir();
    const { base, key } = await serveConsole(dataDir);
    const oldKey = key.current;
    const tab = await login(base, oldKey);
    const other = await login(base, oldKey);
    const stream = await fetch(`${base}/api/events?session=${other.pageToken}`, { headers: { Cookie: other.cookie } });
    const reader = stream.body!.getReader();
    await reader.read(); // ': connected'
    const rotate = await consoleCommand(base, '/api/console/rotate-key', {
      Cookie: tab.cookie,
      'X-Console-Session': tab.pageToken,
    });
    expect(rotate.status).toBe(200);
    const { consoleUrl } = ((await rotate.json()) as { result: { consoleUrl: string } }).result;
    expect(consoleUrl).toBe(`${base}/?key=${key.current}`);
    expect(key.current).not.toBe(oldKey);
    // The open event stream of the other tab ends at once: its page learns it is signed out.
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read());
    expect(JSON.parse(readFileSync(path.join(dataDir, 'console-key.json'), 'utf8'))).toEqual({ key: key.current });
    for (const session of [tab, other])
      expect((await info(base, { Cookie: session.cookie, 'X-Console-Session': session.pageToken })).status).toBe(401);
    expect((await info(base, { 'X-Console-Key': oldKey })).status).toBe(401);
    expect((await login(base, oldKey)).status).toBe(403);
    const fresh = await login(new URL(consoleUrl).origin, new URL(consoleUrl).searchParams.get('key')!);
    expect((await info(base, { Cookie: fresh.cookie, 'X-Console-Session': fresh.pageToken })).status).toBe(200);
  });

  it('a page token cannot be made from the cookie without the key', async () => {
    // The attacker holds the cookie (every local port receives it) and tries what a token might be.
    const { base, port } = await startConsole();
    const { cookie } = await loginToConsole(base);
    const id = cookie.split('=')[1]!;
    const guesses = [
      id,
      createHash('sha256').update(id).digest('base64url'),
      createHmac('sha256', '').update(`console-session:${id}`).digest('base64url'),
      createHmac('sha256', id).update(`console-session:${id}`).digest('base64url'),
      createHmac('sha256', String(port)).update(`console-session:${id}`).digest('base64url'),
    ];
    for (const guess of guesses)
      expect((await info(base, { Cookie: cookie, 'X-Console-Session': guess })).status).toBe(401);
  });

  it('the desktop app has no console key to rotate', async () => {
    const { engine } = await startBench();
    await expect(engine.handlers['console:rotate-key'](undefined)).rejects.toMatchObject({ status: 409 });
  });
});
