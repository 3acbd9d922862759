/** The SCIM listener over real HTTP on loopback, with real SQLite files in a temp folder. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN, startBench } from '../test/bench-harness';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const expectScimError = async (response: Response, status: number, scimType?: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  expect(body.status).toBe(String(status));
  if (scimType) expect(body.scimType).toBe(scimType);
  expect(typeof body.detail).toBe('string');
  return body;
};

describe('SCIM listener', () => {
  it('creates, reads and looks up a user by userName, ignoring case', async () => {
    const { scim, url } = await startBench();
    const created = await scim('/Users', {
      method: 'POST',
      json: { schemas: [USER], userName: 'Alice@Contoso.com', active: true },
    });
    expect(created.status).toBe(201);
    const user = (await created.json()) as { id: string; meta: { location: string; version: string } };
    expect(created.headers.get('location')).toBe(`${url}/Users/${user.id}`);
    expect(user.meta.location).toBe(`${url}/Users/${user.id}`);
    expect(created.headers.get('etag')).toBe(user.meta.version);

    const read = await scim(`/Users/${user.id}`);
    expect(await read.json()).toMatchObject({ id: user.id, userName: 'Alice@Contoso.com' });

    const found = (await (
      await scim(`/Users?filter=${encodeURIComponent('userName eq "alice@contoso.com"')}`)
    ).json()) as { totalResults: number; Resources: { id: string }[] };
    expect(found.totalResults).toBe(1);
    expect(found.Resources[0]!.id).toBe(user.id);
    const none = (await (await scim(`/Users?filter=${encodeURIComponent('userName eq "nobody"')}`)).json()) as {
      totalResults: number;
      Resources: unknown[];
    };
    expect(none).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('answers under /scim as well as /scim/v2 and ignores unknown query flags (Entra adds ?aadOptscim062020)', async () => {
    const { scim, url } = await startBench();
    const base = url.replace(/\/v2$/, '');
    const response = await fetch(`${base}/ServiceProviderConfig?aadOptscim062020`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ patch: { supported: true }, filter: { supported: true } });
    expect((await scim('/Schemas')).status).toBe(200);
  });

  it('refuses without a valid bearer token: 401, SCIM Error, WWW-Authenticate', async () => {
    const { url } = await startBench();
    const missing = await fetch(`${url}/Users`);
    await expectScimError(missing, 401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer realm="SCIM Bench"/);
    await expectScimError(await fetch(`${url}/Users`, { headers: { Authorization: 'Bearer wrong' } }), 401);
    await expectScimError(await fetch(`${url}/Users`, { headers: { Authorization: `Basic ${TOKEN}` } }), 401);
  });

  it('answers bad input with SCIM errors and changes nothing', async () => {
    const { scim, engine } = await startBench();
    await expectScimError(
      await scim('/Users', {
        method: 'POST',
        body: '{"userName":',
        headers: { 'Content-Type': 'application/scim+json' },
      }),
      400,
      'invalidSyntax',
    );
    await expectScimError(
      await scim('/Users', { method: 'POST', body: 'userName=a', headers: { 'Content-Type': 'text/plain' } }),
      415,
    );
    await expectScimError(await scim('/Users', { method: 'POST', json: { schemas: [USER] } }), 400, 'invalidValue');
    await expectScimError(
      await scim('/Users', { method: 'POST', json: { userName: 'a', active: 'perhaps' } }),
      400,
      'invalidValue',
    );
    await expectScimError(
      await scim(`/Users?filter=${encodeURIComponent('userName eq "x" or 1=1; DROP TABLE resources; --')}`),
      400,
      'invalidFilter',
    );
    await expectScimError(await scim('/Users/does-not-exist'), 404);
    await expectScimError(await scim('/Nope'), 404);
    await expectScimError(await scim('/Users', { method: 'DELETE' }), 405);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    await expectScimError(
      await scim('/Users', { method: 'POST', body: deep, headers: { 'Content-Type': 'application/json' } }),
      400,
    );
    await expectScimError(
      await scim('/Users', {
        method: 'POST',
        body: 'x'.repeat(11 * 1024 * 1024),
        headers: { 'Content-Type': 'application/json' },
      }),
      413,
    );
    expect(engine.store.query('User', { startIndex: 1, count: 10 }).total).toBe(0);
  });

  it('stores a __proto__ key as nothing but data', async () => {
    const { scim } = await startBench();
    const response = await scim('/Users', {
      method: 'POST',
      body: '{"userName":"p","__proto__":{"admin":true},"name":{"__proto__":{"x":1}}}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(201);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('enforces userName uniqueness ignoring case: 409 uniqueness', async () => {
    const { scim } = await startBench();
    expect((await scim('/Users', { method: 'POST', json: { userName: 'bob' } })).status).toBe(201);
    await expectScimError(await scim('/Users', { method: 'POST', json: { userName: 'BOB' } }), 409, 'uniqueness');
  });

  it('PATCH from Entra: disables a user sent as a string, and If-Match guards writes', async () => {
    const { scim } = await startBench();
    const user = (await (
      await scim('/Users', { method: 'POST', json: { userName: 'carol', active: true } })
    ).json()) as { id: string };
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    };
    await expectScimError(
      await scim(`/Users/${user.id}`, { method: 'PATCH', json: body, headers: { 'If-Match': 'W/"99"' } }),
      412,
    );
    const patched = await scim(`/Users/${user.id}`, { method: 'PATCH', json: body });
    expect(await patched.json()).toMatchObject({ active: false, meta: { version: 'W/"2"' } });
    expect((await scim(`/Users/${user.id}`, { headers: { 'If-None-Match': 'W/"2"' } })).status).toBe(304);
  });

  it('groups: members live in their own table; Remove with a value list removes only those', async () => {
    const { scim } = await startBench();
    const ids: string[] = [];
    for (const name of ['u1', 'u2', 'u3'])
      ids.push(
        ((await (await scim('/Users', { method: 'POST', json: { userName: name } })).json()) as { id: string }).id,
      );
    const group = (await (
      await scim('/Groups', { method: 'POST', json: { displayName: 'Eng', members: ids.map((value) => ({ value })) } })
    ).json()) as { id: string; members: unknown[] };
    expect(group.members).toHaveLength(3);
    const removed = await scim(`/Groups/${group.id}`, {
      method: 'PATCH',
      json: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'Remove', path: 'members', value: [{ value: ids[0] }] }],
      },
    });
    expect(removed.status).toBe(204); // RFC 7644 §3.5.2: no body, so no 50k-member serialisation
    const remaining = (await (await scim(`/Groups/${group.id}`)).json()) as { members: { value: string }[] };
    expect(remaining.members.map((m) => m.value).sort()).toEqual([ids[1], ids[2]].sort());
    const slim = (await (
      await scim(`/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "eng"`)}`)
    ).json()) as { Resources: Record<string, unknown>[] };
    expect(slim.Resources[0]).not.toHaveProperty('members');
    const byMember = (await (
      await scim(`/Groups?filter=${encodeURIComponent(`members[value eq "${ids[1]}"]`)}`)
    ).json()) as { totalResults: number };
    expect(byMember.totalResults).toBe(1);
    expect((await scim(`/Users/${ids[1]}`, { method: 'DELETE' })).status).toBe(204);
    const after = (await (await scim(`/Groups/${group.id}`)).json()) as { members: { value: string }[] };
    expect(after.members.map((m) => m.value)).toEqual([ids[2]]);
  });

  it('records every request, including 401s, without the token anywhere in the traffic database', async () => {
    const { scim, url, traffic, engine } = await startBench();
    await fetch(`${url}/Users`, { headers: { Authorization: 'Bearer not-the-token-7781' } });
    await scim('/Users', { method: 'POST', json: { userName: 'dave', password: 'hunter2-secret', active: 'False' } });
    await scim('/nowhere');
    const entries = await traffic(3);
    expect(entries.map((e) => e.status).sort()).toEqual([201, 401, 404]);
    const created = entries.find((e) => e.status === 201)!;
    expect(created.operation).toBe('create-user');
    expect(created.sentence).toBe(
      'A client created user dave (sent password; SCIM Bench accepts passwords but never stores them; sent active as the string "False" instead of a boolean)',
    );
    const detail = (await engine.handlers['traffic:get']({ id: created.id }))!;
    expect(detail.requestHeaders.authorization).toMatch(/^Bearer \[redacted, fingerprint [0-9a-f]{8}\]$/);
    expect(detail.requestBody).not.toContain('hunter2');
    expect(detail.notes.map((n) => n.code)).toEqual(['password-not-stored', 'string-boolean']);
    const refused = entries.find((e) => e.status === 401)!;
    expect(refused.operation).toBe('auth-failed');

    const { dataDir } = await engine.handlers['info:get']();
    await engine.close();
    const bytes = readFileSync(path.join(dataDir, 'traffic.db'));
    expect(bytes.includes(Buffer.from(TOKEN))).toBe(false);
    expect(bytes.includes(Buffer.from('not-the-token-7781'))).toBe(false);
    expect(bytes.includes(Buffer.from('hunter2'))).toBe(false);
  });
});
