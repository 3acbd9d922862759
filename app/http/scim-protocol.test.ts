/** RFC 7644 features over real HTTP: discovery, query, PUT, Bulk, .search, OAuth and rotation. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBench } from '../test/bench-harness';

type List = { totalResults: number; startIndex: number; itemsPerPage: number; Resources: Record<string, unknown>[] };
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('discovery (RFC 7644 §4)', () => {
  it('describes the schemas, resource types and what the server supports', async () => {
    const { scim } = await startBench();
    const config = (await (await scim('/ServiceProviderConfig')).json()) as Record<
      string,
      { supported?: boolean; maxOperations?: number }
    >;
    expect(config.bulk).toMatchObject({ supported: true, maxOperations: 1000 });
    expect(config.etag!.supported).toBe(true);
    const schemas = (await (await scim('/Schemas')).json()) as List;
    expect(schemas.Resources.map((s) => s.id)).toContain(ENTERPRISE);
    const user = (await (await scim('/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).json()) as {
      attributes: { name: string; returned: string }[];
    };
    expect(user.attributes.find((a) => a.name === 'password')!.returned).toBe('never');
    const types = (await (await scim('/ResourceTypes/User')).json()) as {
      endpoint: string;
      schemaExtensions: unknown[];
    };
    expect(types).toMatchObject({ endpoint: '/Users', schemaExtensions: [{ schema: ENTERPRISE, required: false }] });
    expect((await scim('/ResourceTypes/Nope')).status).toBe(404);
  });
});

describe('query (RFC 7644 §3.4.2)', () => {
  it('sorts, pages, and projects attributes including sub-attributes', async () => {
    const { scim } = await startBench();
    for (const [userName, family] of [
      ['c', 'Zed'],
      ['a', 'Young'],
      ['b', 'Xu'],
    ])
      await scim('/Users', {
        method: 'POST',
        json: { userName, name: { givenName: 'G', familyName: family }, title: 'T' },
      });
    const sorted = (await (
      await scim('/Users?sortBy=name.familyName&sortOrder=descending&startIndex=2&count=1')
    ).json()) as List;
    expect(sorted).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(sorted.Resources[0]!.userName).toBe('a');
    const slim = (await (await scim('/Users?attributes=userName,name.familyName&sortBy=userName')).json()) as List;
    expect(Object.keys(slim.Resources[0]!).sort()).toEqual(['id', 'name', 'schemas', 'userName']);
    expect(slim.Resources[0]!.name).toEqual({ familyName: 'Young' });
    const without = (await (await scim('/Users?excludedAttributes=title,name.givenName&count=1')).json()) as List;
    expect(without.Resources[0]).not.toHaveProperty('title');
    expect(without.Resources[0]!.name).not.toHaveProperty('givenName');
    expect((await (await scim('/Users?count=0')).json()) as List).toMatchObject({ totalResults: 3, Resources: [] });
  });

  it('POST .search per type and at the root (Users then Groups)', async () => {
    const { scim } = await startBench();
    await scim('/Users', { method: 'POST', json: { userName: 'sam', displayName: 'Ops' } });
    await scim('/Groups', { method: 'POST', json: { displayName: 'Ops' } });
    const users = (await (
      await scim('/Users/.search', { method: 'POST', json: { filter: 'userName sw "S"' } })
    ).json()) as List;
    expect(users.totalResults).toBe(1);
    const all = (await (
      await scim('/.search', { method: 'POST', json: { filter: 'displayName eq "ops"' } })
    ).json()) as List;
    expect(all.totalResults).toBe(2);
    expect(all.Resources.map((r) => (r.meta as { resourceType: string }).resourceType)).toEqual(['User', 'Group']);
    const second = (await (
      await scim('/.search', { method: 'POST', json: { filter: 'displayName eq "ops"', startIndex: 2, count: 5 } })
    ).json()) as List;
    expect(second.Resources.map((r) => (r.meta as { resourceType: string }).resourceType)).toEqual(['Group']);
  });
});

describe('writes', () => {
  it('PUT replaces the whole resource (Okta updates profiles this way) and ignores read-only attributes', async () => {
    const { scim } = await startBench();
    const user = (await (
      await scim('/Users', { method: 'POST', json: { userName: 'okta', title: 'Old', nickName: 'o' } })
    ).json()) as { id: string };
    const put = await scim(`/Users/${user.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userName: 'okta', title: 'New', id: 'forged', meta: { version: 'W/"9"' } }),
    });
    const body = (await put.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: user.id, title: 'New', meta: { version: 'W/"2"' } });
    expect(body).not.toHaveProperty('nickName');
  });

  it('accepts a password but never stores or returns it', async () => {
    const { scim, engine } = await startBench();
    const created = (await (
      await scim('/Users', { method: 'POST', json: { userName: 'pw', password: 'Plaintext-Secret-1' } })
    ).json()) as { id: string };
    expect(created).not.toHaveProperty('password');
    await scim(`/Users/${created.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'password', value: 'Plaintext-Secret-2' }] },
    });
    const { dataDir } = await engine.handlers['info:get']();
    await engine.close();
    const bytes = Buffer.concat(
      ['bench.db', 'bench.db-wal'].map((f) => {
        try {
          return readFileSync(path.join(dataDir, f));
        } catch {
          return Buffer.alloc(0);
        }
      }),
    );
    expect(bytes.includes(Buffer.from('Plaintext-Secret'))).toBe(false);
  });

  it('Bulk: bulkId references, per-operation status, failOnErrors', async () => {
    const { scim } = await startBench();
    const response = await scim('/Bulk', {
      method: 'POST',
      json: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'POST', bulkId: 'u1', path: '/Users', data: { userName: 'bulk1' } },
          {
            method: 'POST',
            bulkId: 'g1',
            path: '/Groups',
            data: { displayName: 'Bulkers', members: [{ value: 'bulkId:u1' }] },
          },
          {
            method: 'PATCH',
            path: '/Users/bulkId:u1',
            data: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Lead' }] },
          },
          { method: 'POST', bulkId: 'dup', path: '/Users', data: { userName: 'BULK1' } },
          { method: 'POST', bulkId: 'never', path: '/Users', data: { userName: 'never-runs' } },
        ],
        failOnErrors: 1,
      },
    });
    const body = (await response.json()) as {
      schemas: string[];
      Operations: { status: string; bulkId?: string; location?: string; response?: { scimType?: string } }[];
    };
    expect(body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:BulkResponse']);
    expect(body.Operations.map((o) => o.status)).toEqual(['201', '201', '200', '409']);
    expect(body.Operations[3]!.response!.scimType).toBe('uniqueness');
    const group = (await (await scim(body.Operations[1]!.location!.replace(/^.*\/scim\/v2/, ''))).json()) as {
      members: { value: string }[];
    };
    expect(group.members[0]!.value).toBe(body.Operations[0]!.location!.split('/').pop());
    expect(
      ((await (await scim(`/Users?filter=${encodeURIComponent('userName eq "never-runs"')}`)).json()) as List)
        .totalResults,
    ).toBe(0);
  });
});

describe('authentication', () => {
  it('OAuth client credentials: form body or Basic header, no-store, and the token works until it expires', async () => {
    const { engine, url } = await startBench();
    const { oauth } = await engine.handlers['info:get']();
    const tokenUrl = oauth.tokenUrl;
    expect(tokenUrl).toBe(url.replace('/scim/v2', '/oauth/token'));
    const form = (extra: Record<string, string>) =>
      new URLSearchParams({ grant_type: 'client_credentials', ...extra }).toString();
    const viaBody = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ client_id: oauth.clientId, client_secret: oauth.clientSecret }),
    });
    expect(viaBody.status).toBe(200);
    expect(viaBody.headers.get('cache-control')).toBe('no-store');
    const token = (await viaBody.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect((await fetch(`${url}/Users`, { headers: { Authorization: `Bearer ${token.access_token}` } })).status).toBe(
      200,
    );

    const basic = Buffer.from(`${oauth.clientId}:${oauth.clientSecret}`).toString('base64');
    const viaBasic = await fetch(tokenUrl, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({}),
    });
    expect(viaBasic.status).toBe(200);
    const wrong = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form({ client_id: oauth.clientId, client_secret: 'nope' }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const grant = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password',
    });
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('rotating the token keeps the old one valid for the grace period only', async () => {
    const { engine, url } = await startBench();
    const old = engine.token;
    const info = await engine.handlers['auth:rotate-token']({ graceSeconds: 60 });
    expect(info.token).not.toBe(old);
    expect(info.previousTokenValidUntil).not.toBeNull();
    const status = (t: string) =>
      fetch(`${url}/Users`, { headers: { Authorization: `Bearer ${t}` } }).then((r) => r.status);
    expect(await status(old)).toBe(200);
    expect(await status(info.token)).toBe(200);
    await engine.handlers['auth:rotate-token']({ graceSeconds: 0 });
    expect(await status(old)).toBe(401);
    expect(await status(info.token)).toBe(401);
  });

  it('meta.location follows X-Forwarded-Proto/Host only when the proxy is trusted', async () => {
    const trusted = await startBench({ trustProxy: true });
    const headers = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'bench.example.trycloudflare.com' };
    const user = (await (
      await trusted.scim('/Users', { method: 'POST', json: { userName: 'tunnel' }, headers })
    ).json()) as { meta: { location: string } };
    expect(user.meta.location).toMatch(/^https:\/\/bench\.example\.trycloudflare\.com\/scim\/v2\/Users\//);
    const untrusted = await startBench();
    const other = (await (
      await untrusted.scim('/Users', { method: 'POST', json: { userName: 'tunnel' }, headers })
    ).json()) as { meta: { location: string } };
    expect(other.meta.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users\//);
  });
});

describe('large groups', () => {
  it('one PATCH adds 3,000 members, and removing one touches only that one', async () => {
    const { scim, engine } = await startBench();
    const ids = engine.store.transaction(() =>
      Array.from({ length: 3000 }, (_, i) => engine.store.create('User', { schemas: [], userName: `member${i}` }).id),
    );
    const group = (await (await scim('/Groups', { method: 'POST', json: { displayName: 'Everyone' } })).json()) as {
      id: string;
    };
    const add = await scim(`/Groups/${group.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }] },
    });
    expect(add.status).toBe(204);
    expect(engine.store.members(group.id)).toHaveLength(3000);
    const remove = await scim(`/Groups/${group.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${ids[42]}"]` }] },
    });
    expect(remove.status).toBe(204);
    const left = engine.store.members(group.id).map((m) => m.value);
    expect(left).toHaveLength(2999);
    expect(left).not.toContain(ids[42]);
  });

  it('a PATCH naming a member that does not exist changes nothing', async () => {
    const { scim, engine } = await startBench();
    const u = (await (await scim('/Users', { method: 'POST', json: { userName: 'real' } })).json()) as { id: string };
    const group = (await (await scim('/Groups', { method: 'POST', json: { displayName: 'G' } })).json()) as {
      id: string;
    };
    const response = await scim(`/Groups/${group.id}`, {
      method: 'PATCH',
      json: {
        schemas: [PATCH],
        Operations: [
          { op: 'replace', path: 'displayName', value: 'Renamed' },
          { op: 'add', path: 'members', value: [{ value: u.id }, { value: 'ghost' }] },
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain("'ghost' does not exist");
    expect(engine.store.members(group.id)).toHaveLength(0);
    expect(engine.store.get('Group', group.id)!.data.displayName).toBe('G');
  });
});

describe('availability', () => {
  it('a paused endpoint answers 503 with Retry-After, and the request is still recorded', async () => {
    const { engine, scim, traffic } = await startBench();
    engine.paused = true;
    const response = await scim('/Users');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ status: '503', detail: expect.stringContaining('paused') });
    engine.paused = false;
    expect((await scim('/Users')).status).toBe(200);
    expect((await traffic(2)).map((e) => e.operation)).toContain('unavailable');
  });

  it('the connection test reports an unreachable endpoint step by step, without throwing', async () => {
    const { engine } = await startBench();
    // A port that was just free: nothing listens there, so the connection is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const steps = await engine.handlers['connect:test']({ url: `http://127.0.0.1:${port}/scim/v2` });
    expect(steps).toHaveLength(4);
    expect(steps.every((s) => !s.ok && s.status === null)).toBe(true);
    // The first step says why in words; the rest are not tried rather than waited on again.
    expect(steps[0]!.detail).toMatch(/connection refused/);
    expect(steps.slice(1).every((s) => s.detail.startsWith('Not tried'))).toBe(true);
    const local = await engine.handlers['connect:test']({});
    expect(local.map((s) => s.ok)).toEqual([true, true, true, true]);
  });
});
