/**
 * Each fault action over real HTTP on loopback, against a real engine and bench.db: what the client
 * receives, what was kept (a fault that answers before the change keeps nothing), and what traffic
 * records.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../../shared/faults';
import { dispatch } from '../commands';
import { startBench } from '../test/bench-harness';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const alice = (userName = 'alice@contoso.com', extra: Record<string, unknown> = {}) => ({
  schemas: [USER],
  userName,
  active: true,
  ...extra,
});
const ENTRA = { 'User-Agent': 'Azure Active Directory SCIM Client' };

const rule = (over: Partial<FaultRule> & Pick<FaultRule, 'action'>): FaultRule => ({
  id: 'r1',
  name: 'test rule',
  enabled: true,
  match: {},
  when: { kind: 'always' },
  ...over,
});

async function benchWith(...rules: FaultRule[]) {
  const bench = await startBench();
  await dispatch(bench.engine.handlers, 'endpoints:update', { id: 'default', faults: rules });
  const users = async () =>
    ((await (await bench.scim('/Users', { headers: { 'X-Probe': '1' } })).json()) as { totalResults: number })
      .totalResults;
  return { ...bench, users };
}

/** Sends a raw request and reports how the connection ended: an answer, a reset, or nothing by `waitMs`. */
function rawRequest(url: string, token: string, body: string, waitMs: number) {
  const { hostname, port, pathname } = new URL(url);
  return new Promise<{ ended: 'answer' | 'reset' | 'closed' | 'waiting'; data: string }>((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let data = '';
    const timer = setTimeout(() => (socket.destroy(), resolve({ ended: 'waiting', data })), waitMs);
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ ended: error.code === 'ECONNRESET' ? 'reset' : 'closed', data });
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ended: data ? 'answer' : 'closed', data });
    });
    socket.write(
      `POST ${pathname}/Users HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/scim+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

describe('fault actions over HTTP', () => {
  it('latency answers normally, late by the fixed delay plus jitter, and keeps the change', async () => {
    const bench = await benchWith(
      rule({ action: { kind: 'latency', ms: 300, jitterMs: 100 }, match: { methods: ['POST'] } }),
    );
    const started = Date.now();
    const res = await bench.scim('/Users', { method: 'POST', json: alice() });
    const took = Date.now() - started;
    expect(res.status).toBe(201);
    expect(took).toBeGreaterThanOrEqual(300);
    expect(took).toBeLessThan(2000);
    expect(await bench.users()).toBe(1);
    const created = (await bench.traffic(2)).find((e) => e.method === 'POST');
    expect(created!.fault).toMatchObject({ ruleId: 'r1', action: 'latency', applied: true });
    expect(created!.fault!.did).toMatch(/^answered after a delay of (3\d\d|400) ms$/);
  });

  it('latency the client does not wait for is recorded as unanswered, and the change it made as kept', async () => {
    const bench = await benchWith(
      rule({ action: { kind: 'latency', ms: 5000, jitterMs: 0 }, match: { methods: ['POST'] } }),
    );
    await expect(
      bench.scim('/Users', { method: 'POST', json: alice(), signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    const created = (await bench.traffic(1)).find((e) => e.method === 'POST')!;
    expect(created.status).toBe(0);
    expect(created.fault).toMatchObject({ action: 'latency', applied: true });
    expect(created.fault!.did).toBe(
      'held the answer 5000 ms, but the client closed the connection first; the change was kept',
    );
    expect(await bench.users()).toBe(1); // which is why a retry of it may meet a 409
  });

  it('throttle answers 429 with Retry-After as a SCIM Error, and nothing is stored', async () => {
    const bench = await benchWith(
      rule({ action: { kind: 'throttle', retryAfterSeconds: 30 }, match: { operations: ['create-user'] } }),
    );
    const res = await bench.scim('/Users', { method: 'POST', json: alice(), headers: ENTRA });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(res.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    const body = (await res.json()) as { status: string; detail: string; schemas: string[] };
    expect(body.status).toBe('429');
    expect(body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    expect(body.detail).toContain('injected by SCIM Bench fault rule "test rule"');
    expect(await bench.users()).toBe(0);
    const entries = await bench.traffic(2);
    const faulted = entries.find((e) => e.method === 'POST')!;
    expect(faulted.status).toBe(429);
    expect(faulted.fault).toMatchObject({ action: 'throttle', applied: false, retryAfterSeconds: 30 });
    expect(faulted.sentence).toContain('fault "test rule": answered 429 Too Many Requests with Retry-After: 30');
    const full = await dispatch(bench.engine.handlers, 'traffic:get', { id: faulted.id });
    expect(full!.after).toBeNull(); // nothing changed, so no "after" to diff
    // Reads are not matched by a create-user rule.
    expect(entries.find((e) => e.method === 'GET')!.fault).toBeNull();
  });

  it.each([500, 502, 503, 504] as const)('error %i changes nothing', async (status) => {
    const bench = await benchWith(rule({ action: { kind: 'error', status }, match: { methods: ['POST'] } }));
    const res = await bench.scim('/Users', { method: 'POST', json: alice() });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { status: string }).status).toBe(String(status));
    expect(await bench.users()).toBe(0);
  });

  it('a rolled-back create leaves the store exactly as before: the same user can then be created', async () => {
    const bench = await benchWith(
      rule({ action: { kind: 'error', status: 503 }, when: { kind: 'first', n: 1 }, match: { methods: ['POST'] } }),
    );
    expect((await bench.scim('/Users', { method: 'POST', json: alice() })).status).toBe(503);
    expect((await bench.scim('/Users', { method: 'POST', json: alice() })).status).toBe(201);
    expect((await bench.scim('/Users', { method: 'POST', json: alice() })).status).toBe(409); // real uniqueness
  });

  it('attribute-error refuses only requests that send the attribute, naming it, with its scimType', async () => {
    const bench = await benchWith(
      rule({ action: { kind: 'attribute-error', attribute: 'department', status: 400, scimType: 'invalidValue' } }),
    );
    const ext = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const withDept = await bench.scim('/Users', {
      method: 'POST',
      json: { ...alice(), schemas: [USER, ext], [ext]: { department: 'Sales' } },
    });
    expect(withDept.status).toBe(400);
    const body = (await withDept.json()) as { scimType: string; detail: string };
    expect(body.scimType).toBe('invalidValue');
    expect(body.detail).toContain('department');
    const without = await bench.scim('/Users', { method: 'POST', json: alice('bob@contoso.com') });
    expect(without.status).toBe(201);
    const { id } = (await without.json()) as { id: string };
    // Entra's PATCH forms name it as a URN path; refused the same way, and nothing is changed.
    const patch = await bench.scim(`/Users/${id}`, {
      method: 'PATCH',
      json: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Replace', path: `${ext}:department`, value: 'Sales' }],
      },
    });
    expect(patch.status).toBe(400);
    const stored = (await (await bench.scim(`/Users/${id}`)).json()) as Record<string, unknown>;
    expect(stored[ext]).toBeUndefined();
  });

  it('attribute-error 409 uniqueness on userName', async () => {
    const bench = await benchWith(
      rule({
        action: { kind: 'attribute-error', attribute: 'userName', status: 409, scimType: 'uniqueness' },
        match: { methods: ['POST'] },
      }),
    );
    const res = await bench.scim('/Users', { method: 'POST', json: alice() });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { scimType: string }).scimType).toBe('uniqueness');
    expect(await bench.users()).toBe(0);
  });

  it('applied-but-error keeps the change and answers the error; traffic shows what was created', async () => {
    const bench = await benchWith(
      rule({ action: { kind: 'applied-but-error', status: 500 }, match: { operations: ['create-user'] } }),
    );
    const res = await bench.scim('/Users', { method: 'POST', json: alice() });
    expect(res.status).toBe(500);
    expect(await bench.users()).toBe(1);
    const entries = await bench.traffic(2);
    const faulted = entries.find((e) => e.method === 'POST')!;
    expect(faulted.status).toBe(500);
    expect(faulted.fault).toMatchObject({ action: 'applied-but-error', applied: true });
    expect(faulted.sentence).toMatch(
      /created user alice@contoso\.com — fault "test rule": applied the change but answered 500/,
    );
    const full = await dispatch(bench.engine.handlers, 'traffic:get', { id: faulted.id });
    expect(full!.after).toMatchObject({ userName: 'alice@contoso.com' });
  });

  it('malformed truncated: the real answer cut in half, which a JSON parser refuses; the change is kept', async () => {
    const bench = await benchWith(
      rule({ action: { kind: 'malformed', shape: 'truncated' }, match: { methods: ['POST'] } }),
    );
    const res = await bench.scim('/Users', { method: 'POST', json: alice() });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text.startsWith('{')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    expect(await bench.users()).toBe(1);
  });

  it('malformed not-json: an HTML body where JSON was due', async () => {
    const bench = await benchWith(
      rule({ action: { kind: 'malformed', shape: 'not-json' }, match: { methods: ['GET'] } }),
    );
    const res = await bench.scim('/Users');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/^<html>/);
  });

  it('reset ends the connection with a TCP reset before any answer, keeps nothing, and is recorded', async () => {
    const bench = await benchWith(rule({ action: { kind: 'reset' }, match: { methods: ['POST'] } }));
    const result = await rawRequest(bench.url, 'integration-test-token-6f1c', JSON.stringify(alice()), 5000);
    expect(result.ended).toBe('reset');
    expect(result.data).toBe('');
    expect(await bench.users()).toBe(0);
    const entries = await bench.traffic(2);
    const faulted = entries.find((e) => e.method === 'POST')!;
    expect(faulted.status).toBe(0);
    expect(faulted.fault).toMatchObject({
      action: 'reset',
      applied: false,
      did: 'reset the connection without answering',
    });
  });

  it('hang holds the connection open without an answer until maxMs, then closes it; nothing is kept', async () => {
    const bench = await benchWith(rule({ action: { kind: 'hang', maxMs: 1500 }, match: { methods: ['POST'] } }));
    const early = await rawRequest(bench.url, 'integration-test-token-6f1c', JSON.stringify(alice()), 1000);
    expect(early).toEqual({ ended: 'waiting', data: '' }); // still open, silent, after 1 s
    const started = Date.now();
    const late = await rawRequest(bench.url, 'integration-test-token-6f1c', JSON.stringify(alice()), 5000);
    expect(late).toEqual({ ended: 'closed', data: '' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(await bench.users()).toBe(0);
    const entries = await bench.traffic(3);
    const hung = entries.filter((e) => e.method === 'POST');
    expect(hung).toHaveLength(2);
    for (const e of hung) expect(e.fault).toMatchObject({ action: 'hang', applied: false });
    expect(hung.every((e) => e.status === 0)).toBe(true);
  });

  it("the console's own requests are never faulted, and the global switch pauses every rule", async () => {
    const bench = await benchWith(rule({ action: { kind: 'error', status: 503 } }));
    expect((await bench.scim('/Users')).status).toBe(503);
    const fromConsole = await dispatch(bench.engine.handlers, 'scim:request', { method: 'GET', path: '/Users' });
    expect(fromConsole.status).toBe(200);
    await dispatch(bench.engine.handlers, 'settings:update', { faultsPaused: true });
    expect((await bench.scim('/Users')).status).toBe(200);
    await dispatch(bench.engine.handlers, 'settings:update', { faultsPaused: false });
    expect((await bench.scim('/Users')).status).toBe(503);
  });

  it('a request without valid credentials is refused as always, never faulted: rules are for the provider', async () => {
    const bench = await benchWith(rule({ action: { kind: 'reset' } }));
    const refused = await fetch(`${bench.url}/Users`, {
      headers: { Authorization: 'Bearer wrong-token-wrong-token-00' },
    });
    expect(refused.status).toBe(401);
    const entries = await bench.traffic(1);
    expect(entries[0]!.fault).toBeNull();
  });

  it('saving the rules or flipping the switch announces it, so the tray and open consoles refresh', async () => {
    const bench = await benchWith();
    const events: string[] = [];
    bench.engine.on('event', (event: { type: string }) => events.push(event.type));
    await dispatch(bench.engine.handlers, 'endpoints:update', {
      id: 'default',
      faults: [rule({ action: { kind: 'reset' } })],
    });
    await dispatch(bench.engine.handlers, 'settings:update', { faultsPaused: true });
    expect(events.filter((t) => t === 'endpoints:changed')).toHaveLength(2);
    expect((await dispatch(bench.engine.handlers, 'settings:get', undefined)).faultsPaused).toBe(true);
  });

  it("one endpoint's rules never touch another endpoint", async () => {
    const bench = await benchWith(rule({ action: { kind: 'error', status: 500 } }));
    const other = await bench.endpoint('contoso');
    expect((await other.scim('/Users')).status).toBe(200);
    expect((await bench.scim('/Users')).status).toBe(500);
  });
});
