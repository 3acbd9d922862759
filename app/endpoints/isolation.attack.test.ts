/**
 * Endpoints attacked the way a client on the tunnel would: with one endpoint's credentials, ids and
 * members against another, and with names that are not endpoints. Everything over real HTTP on
 * loopback, against a real engine with a real bench.db.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../commands';
import { endpointCredentialsFile } from '../data-files';
import { TOKEN, bearerFetch, startBench } from '../test/bench-harness';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const origin = (url: string) => new URL(url).origin;

async function oauthToken(tokenUrl: string, clientId: string, clientSecret: string) {
  return fetch(tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
}

describe('endpoint isolation', () => {
  it("one endpoint's bearer token, OAuth client and access tokens never work on another", async () => {
    const bench = await startBench();
    const a = await bench.endpoint('entra-a');
    const b = await bench.endpoint('okta-b');
    expect((await a.scim('/Users')).status).toBe(200);

    const aOnB = bearerFetch(b.info.scimUrl, a.info.token);
    const defaultOnA = bearerFetch(a.info.scimUrl, TOKEN);
    const aOnDefault = bearerFetch(bench.url, a.info.token);
    for (const attempt of [aOnB, defaultOnA, aOnDefault]) expect((await attempt('/Users')).status).toBe(401);

    const issued = await oauthToken(a.info.oauth.tokenUrl, a.info.oauth.clientId, a.info.oauth.clientSecret);
    expect(issued.status).toBe(200);
    const { access_token } = (await issued.json()) as { access_token: string };
    expect((await bearerFetch(a.info.scimUrl, access_token)('/Users')).status).toBe(200);
    expect((await bearerFetch(b.info.scimUrl, access_token)('/Users')).status).toBe(401);
    expect((await bearerFetch(bench.url, access_token)('/Users')).status).toBe(401);
    // A's client at B's token URL, and at the default one.
    const refused = await oauthToken(b.info.oauth.tokenUrl, a.info.oauth.clientId, a.info.oauth.clientSecret);
    expect(refused.status).toBe(401);
    const atDefault = await oauthToken(
      `${origin(bench.url)}/oauth/token`,
      a.info.oauth.clientId,
      a.info.oauth.clientSecret,
    );
    expect(atDefault.status).toBe(401);
  });

  it('a name that is not an endpoint is answered exactly like a wrong token: names cannot be probed', async () => {
    const bench = await startBench();
    const a = await bench.endpoint('contoso');
    const unknown = await bearerFetch(`${origin(bench.url)}/scim/fabrikam/v2`, a.info.token)('/Users');
    const wrongToken = await bearerFetch(a.info.scimUrl, 'not-the-token-of-anything-0000')('/Users');
    expect(unknown.status).toBe(401);
    expect(wrongToken.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrongToken.json());
    expect(unknown.headers.get('www-authenticate')).toBe(wrongToken.headers.get('www-authenticate'));
    const token = await oauthToken(`${origin(bench.url)}/scim/fabrikam/oauth/token`, 'x', 'y');
    expect(token.status).toBe(401);
  });

  it("ids, filters, deletes and members of one endpoint never reach another's data", async () => {
    const bench = await startBench();
    const a = await bench.endpoint('tenant-a');
    const b = await bench.endpoint('tenant-b');
    const alice = (await (
      await a.scim('/Users', { method: 'POST', json: { schemas: [USER], userName: 'alice@contoso.com' } })
    ).json()) as { id: string };

    expect((await b.scim(`/Users/${alice.id}`)).status).toBe(404);
    expect((await bench.scim(`/Users/${alice.id}`)).status).toBe(404);
    const filtered = (await (
      await b.scim(`/Users?filter=${encodeURIComponent('userName eq "alice@contoso.com"')}`)
    ).json()) as { totalResults: number };
    expect(filtered.totalResults).toBe(0);
    expect((await b.scim(`/Users/${alice.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(
      (
        await b.scim(`/Users/${alice.id}`, {
          method: 'PATCH',
          json: {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
            Operations: [{ op: 'replace', path: 'active', value: false }],
          },
        })
      ).status,
    ).toBe(404);

    // A's user as a member of B's group: refused whole, nothing created in B.
    const group = await b.scim('/Groups', {
      method: 'POST',
      json: { schemas: [GROUP], displayName: 'Sales', members: [{ value: alice.id }] },
    });
    expect(group.status).toBeGreaterThanOrEqual(400);
    expect(group.status).toBeLessThan(500);
    const groups = (await (await b.scim('/Groups')).json()) as { totalResults: number };
    expect(groups.totalResults).toBe(0);

    // The same userName in B is another user; A's is untouched.
    expect(
      (await b.scim('/Users', { method: 'POST', json: { schemas: [USER], userName: 'alice@contoso.com' } })).status,
    ).toBe(201);
    const stillThere = (await (await a.scim(`/Users/${alice.id}`)).json()) as { active?: boolean; userName: string };
    expect(stillThere.userName).toBe('alice@contoso.com');
    expect(stillThere.active).not.toBe(false);
  });

  it('a paused endpoint answers 503 while the others serve; a renamed one moves, its token with it', async () => {
    const bench = await startBench();
    const announced: string[] = [];
    bench.engine.on('event', (event) => void (event.type === 'endpoints:changed' && announced.push(event.type)));
    const a = await bench.endpoint('paused-one');
    const b = await bench.endpoint('serving-one');
    await dispatch(bench.engine.handlers, 'endpoints:update', { id: a.info.id, paused: true });
    const paused = await a.scim('/Users');
    expect(paused.status).toBe(503);
    expect(((await paused.json()) as { detail: string }).detail).toMatch(/'paused-one' is paused/);
    expect((await b.scim('/Users')).status).toBe(200);
    expect((await bench.scim('/Users')).status).toBe(200);

    const renamed = await dispatch(bench.engine.handlers, 'endpoints:update', { id: b.info.id, name: 'renamed-one' });
    expect(renamed.scimUrl).toMatch(/\/scim\/renamed-one\/v2$/);
    expect((await bearerFetch(renamed.scimUrl, b.info.token)('/Users')).status).toBe(200);
    expect((await b.scim('/Users')).status).toBe(401); // the old name is no endpoint now
    expect(announced).toHaveLength(4); // two creates, a pause, a rename: the tray and consoles refresh
    await expect(dispatch(bench.engine.handlers, 'endpoints:create', { name: 'renamed-one' })).rejects.toThrow(
      /already named/,
    );
    expect(announced).toHaveLength(4); // a refused change is not announced
  });

  it('reset wipes one endpoint and keeps its credentials; delete removes it and its secrets', async () => {
    const bench = await startBench();
    const a = await bench.endpoint('reset-me');
    const b = await bench.endpoint('delete-me');
    for (const [endpoint, name] of [
      [a, 'one'],
      [a, 'two'],
      [b, 'three'],
    ] as const)
      await endpoint.scim('/Users', { method: 'POST', json: { schemas: [USER], userName: name } });
    expect(await dispatch(bench.engine.handlers, 'endpoints:reset', { id: a.info.id })).toEqual({
      users: 2,
      groups: 0,
    });
    expect(((await (await a.scim('/Users')).json()) as { totalResults: number }).totalResults).toBe(0);
    expect(((await (await b.scim('/Users')).json()) as { totalResults: number }).totalResults).toBe(1);

    const file = endpointCredentialsFile((await bench.engine.handlers['info:get']()).dataDir, b.info.id);
    expect(existsSync(file)).toBe(true);
    expect(await dispatch(bench.engine.handlers, 'endpoints:delete', { id: b.info.id })).toEqual({
      users: 1,
      groups: 0,
    });
    expect(existsSync(file)).toBe(false);
    expect((await b.scim('/Users')).status).toBe(401);
    await expect(dispatch(bench.engine.handlers, 'endpoints:delete', { id: 'default' })).rejects.toThrow(
      /default endpoint cannot be deleted/,
    );
  });

  it('records each request under its endpoint, and the traffic filter keeps them apart', async () => {
    const bench = await startBench();
    const a = await bench.endpoint('traffic-a');
    await a.scim('/Users');
    await a.scim('/Groups');
    await bench.scim('/Users');
    await bench.traffic(3);
    const ofA = await dispatch(bench.engine.handlers, 'traffic:list', { limit: 50, endpoint: a.info.id });
    expect(ofA.entries.map((e) => e.path)).toEqual(['/scim/traffic-a/v2/Groups', '/scim/traffic-a/v2/Users']);
    const ofDefault = await dispatch(bench.engine.handlers, 'traffic:list', { limit: 50, endpoint: 'default' });
    expect(ofDefault.entries.map((e) => e.path)).toEqual(['/scim/v2/Users']);
  });
});
