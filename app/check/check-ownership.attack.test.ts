/**
 * The checker never touches what it did not create, against servers that answer creates wrongly:
 * with the id of a user that already exists, with ids that are `.` or `..`, or that hold `#` or
 * `/../`. Each server is real HTTP on loopback holding a user who is not the checker's ("the
 * CEO"); on the code before the fix, the checker disabled and deleted that user, and sent DELETEs
 * to the collection and the base URL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCheck } from './check-run';
import { CHECK_STEPS, profilesFor } from './check-steps';

const servers: http.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => (s.closeAllConnections(), s.close())));

interface Seen {
  method: string;
  url: string;
}

/**
 * An in-memory SCIM server holding the CEO. `answerId` picks the id a create answers; the object is
 * stored under `storeId` (by default the same): a server whose upsert answers the wrong object.
 */
async function buggyServer(answerId: (kind: string) => string, storeId?: (kind: string) => string) {
  const seen: Seen[] = [];
  const store = new Map<string, Record<string, unknown>>([
    [
      '/Users/ceo',
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        id: 'ceo',
        userName: 'ceo@corp.example',
        active: true,
      },
    ],
  ]);
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url! });
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      const send = (status: number, json?: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/scim+json' });
        res.end(json === undefined ? undefined : JSON.stringify(json));
      };
      const url = new URL(req.url!, 'http://x');
      const match = /^\/scim\/v2\/(Users|Groups)(?:\/(.*))?$/.exec(url.pathname);
      if (!match) return send(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
      const [, kind, rawId] = match;
      if (!rawId && req.method === 'GET') {
        const [, attribute, op, value] = /^(\w+) (eq|sw) "(.*)"$/.exec(url.searchParams.get('filter') ?? '') ?? [];
        const all = [...store.entries()].filter(([k]) => k.startsWith(`/${kind}/`)).map(([, v]) => v);
        const found = attribute
          ? all.filter(
              (r) =>
                typeof r[attribute] === 'string' &&
                (op === 'eq' ? r[attribute] === value : (r[attribute] as string).startsWith(value!)),
            )
          : all;
        return send(200, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: found.length,
          startIndex: 1,
          Resources: found,
        });
      }
      if (!rawId && req.method === 'POST') {
        const answered = answerId(kind!);
        const stored = storeId?.(kind!) ?? answered;
        if (!store.has(`/${kind}/${stored}`)) store.set(`/${kind}/${stored}`, { ...body, id: stored });
        return send(201, { ...body, id: answered, meta: { resourceType: kind === 'Users' ? 'User' : 'Group' } });
      }
      const key = `/${kind}/${decodeURIComponent(rawId ?? '')}`;
      const resource = store.get(key);
      if (!resource) return send(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
      if (req.method === 'DELETE') return (store.delete(key), send(204));
      if (req.method === 'PATCH' && JSON.stringify(body).includes('"active"')) resource.active = false;
      return send(200, resource);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
  return { baseUrl, seen, store };
}

const check = (baseUrl: string) =>
  runCheck({
    target: { baseUrl, authorization: async () => 'Bearer t', userAgent: 'check', timeoutMs: 2000 },
    steps: [...CHECK_STEPS],
    profiles: profilesFor('all'),
  });

const writes = (seen: Seen[], to: RegExp) => seen.filter((r) => r.method !== 'GET' && to.test(r.url));

describe('the checker never touches what it did not create', () => {
  it("a create answered with an existing user's id: that user is neither changed nor deleted", async () => {
    // The upsert answers the matching existing object (the CEO) instead of a new one.
    const server = await buggyServer((kind) => (kind === 'Users' ? 'ceo' : 'g1'));
    const report = await check(server.baseUrl);
    expect(writes(server.seen, /\/Users\/ceo$/)).toEqual([]);
    expect(server.store.get('/Users/ceo')).toMatchObject({ userName: 'ceo@corp.example', active: true });
    const create = report.results.find((r) => r.id === 'entra-create-user')!;
    expect(create.verdict).toBe('fail');
    expect(create.reason).toContain('reads back with userName "ceo@corp.example", which is not a name this check gave');
    // The steps that would have changed it are skipped, and the report says it was left alone.
    expect(report.results.find((r) => r.id === 'entra-disable')!.verdict).toBe('skip');
    expect(report.cleanup.left).toContainEqual(expect.objectContaining({ type: 'Users', id: 'ceo' }));
  });

  it("a create that keeps the new user but answers another's id: the other is left alone", async () => {
    let n = 0;
    const server = await buggyServer(
      () => 'ceo',
      (kind) => `${kind}-${++n}`,
    );
    await check(server.baseUrl);
    expect(writes(server.seen, /\/Users\/ceo$/)).toEqual([]);
    expect(server.store.get('/Users/ceo')).toMatchObject({ active: true });
  });

  it('ids "." and "..": no DELETE or PATCH reaches the collection or the base URL', async () => {
    let i = 0;
    const server = await buggyServer(() => ['.', '..'][i++ % 2]!);
    const report = await check(server.baseUrl);
    const stray = server.seen.filter((r) => r.method !== 'GET' && r.method !== 'POST');
    expect(stray).toEqual([]);
    expect(report.results.find((r) => r.id === 'entra-create-user')!.reason).toContain(
      'addresses the collection or the base URL, not one object',
    );
    expect(server.store.get('/Users/ceo')).toBeDefined();
  });

  it('ids holding "#", "?" or "/../" stay one path segment: nothing reaches another resource', async () => {
    let i = 0;
    const server = await buggyServer((kind) =>
      kind === 'Users' ? ['ceo#alice', 'a/../ceo', 'ceo?x=1'][i++ % 3]! : 'g/../../Users/ceo',
    );
    const report = await check(server.baseUrl);
    expect(writes(server.seen, /\/Users\/ceo(\?|$)/)).toEqual([]);
    expect(server.store.get('/Users/ceo')).toMatchObject({ active: true });
    // The objects it did create under those ids were its own, and are removed.
    expect(report.cleanup.removed).toBeGreaterThan(0);
    expect(writes(server.seen, /\/Users\/ceo%23alice$/).map((r) => r.method)).toContain('DELETE');
  });
});
