/** The `serve` console over real HTTP: loopback Host only, console key required, inputs validated. */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CONSOLE_KEY, startConsole } from '../test/bench-harness';

/** fetch() will not let us forge Host, so this uses node:http directly (as a rebinding page would). */
const withHost = (port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/info/get',
        method: 'POST',
        headers: { Host: host, 'X-Console-Key': CONSOLE_KEY },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode!);
      },
    );
    req.on('error', reject);
    req.end('{}');
  });

describe('console API', () => {
  it('refuses a Host that is not loopback (DNS rebinding)', async () => {
    const { port } = await startConsole();
    expect(await withHost(port, `evil.example:${port}`)).toBe(421);
    expect(await withHost(port, `localhost:${port}`)).toBe(200);
  });

  it('needs the console key, and trades the printed URL for an HttpOnly SameSite=Strict cookie', async () => {
    const { base } = await startConsole();
    expect((await fetch(`${base}/api/info/get`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${base}/?key=wrong`, { redirect: 'manual' })).status).toBe(403);
    const login = await fetch(`${base}/?key=${CONSOLE_KEY}`, { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const info = await fetch(`${base}/api/info/get`, {
      method: 'POST',
      headers: { Cookie: cookie.split(';')[0]!, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(info.status).toBe(200);
    expect(((await info.json()) as { result: { scimUrl: string } }).result.scimUrl).toMatch(/\/scim\/v2$/);
    expect(info.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('validates command input against the shared contract', async () => {
    const { base } = await startConsole();
    const call = (path: string, input: unknown) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'X-Console-Key': CONSOLE_KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify({ input }),
      });
    const bad = await call('/api/traffic/get', { id: 'one; DROP TABLE traffic' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/Invalid input for traffic:get/);
    expect((await call('/api/traffic/list', { limit: 10_000 })).status).toBe(400);
    expect((await call('/api/traffic/list', { limit: 5 })).status).toBe(200);
    expect((await call('/api/nope/nothing', {})).status).toBe(404);
  });

  it('streams new traffic as server-sent events', async () => {
    const { base, scim } = await startConsole();
    const response = await fetch(`${base}/api/events`, { headers: { 'X-Console-Key': CONSOLE_KEY } });
    const reader = response.body!.getReader();
    await scim('/Users', { method: 'POST', json: { userName: 'sse' } });
    let text = '';
    while (!text.includes('event: traffic:new')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('created user sse');
    await reader.cancel();
  });
});
