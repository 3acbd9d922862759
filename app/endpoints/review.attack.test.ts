/**
 * The endpoints review (issue 14), attacked from the tunnel and from a hostile config: each test is
 * a hole that was found open and is closed now, over real HTTP on loopback against a real engine.
 */
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { endpointCredentialsFile } from '../data-files';
import { lastGoodCopy } from '../fs/atomic-file';
import { TOKEN, bearerFetch, startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';

const origin = (url: string) => new URL(url).origin;
const oauthToken = (tokenUrl: string, clientId: string, clientSecret: string) =>
  fetch(tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });

/** A GET with the path sent exactly as written: fetch would resolve `..` and `%2e%2e` before sending. */
const rawGet = (url: string, target: string, token: string) =>
  new Promise<number>((resolve, reject) => {
    const { hostname, port } = new URL(url);
    request({ host: hostname, port, path: target, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    })
      .on('error', reject)
      .end();
  });

describe('endpoints review', () => {
  it("a named endpoint's token URL with a trailing slash never takes the default endpoint's client", async () => {
    const bench = await startBench();
    const a = await bench.endpoint('contoso');
    const main = await bench.engine.handlers['info:get']();
    // Express's route for the token URL takes a trailing slash; the routing by path did not, so the
    // default endpoint's credentials were tried there (and a token issued for it).
    const slash = `${a.info.oauth.tokenUrl}/`;
    expect((await oauthToken(slash, main.oauth.clientId, main.oauth.clientSecret)).status).toBe(401);
    const own = await oauthToken(slash, a.info.oauth.clientId, a.info.oauth.clientSecret);
    expect(own.status).toBe(200);
    const { access_token } = (await own.json()) as { access_token: string };
    expect((await bearerFetch(a.info.scimUrl, access_token)('/Users')).status).toBe(200);
    expect((await bearerFetch(bench.url, access_token)('/Users')).status).toBe(401);
  });

  it('the token serve prints is the one the endpoints file fixed for the default endpoint', async () => {
    const file = path.join(tempDir(), 'endpoints.json');
    const fixed = 'fixed-default-token-0123456789';
    writeFileSync(file, JSON.stringify({ endpoints: [{ name: 'default', token: fixed }] }));
    const bench = await startBench({ token: null, endpointsFile: file });
    expect(bench.engine.token).toBe(fixed); // cli.ts prints engine.token at start
    expect((await bearerFetch(bench.url, bench.engine.token)('/Users')).status).toBe(200);
  });

  it('an endpoint whose credentials file is damaged answers 401 like an unknown name, not 500', async () => {
    const dataDir = tempDir();
    const first = await startBench({ dataDir });
    const a = await first.endpoint('damaged');
    await first.engine.close(0);
    const file = endpointCredentialsFile(dataDir, a.info.id);
    for (const name of [file, lastGoodCopy(file)]) writeFileSync(name, '{not json');

    const bench = await startBench({ dataDir });
    const errors: Error[] = [];
    bench.engine.removeAllListeners('error');
    bench.engine.on('error', (error: Error) => errors.push(error));
    const o = origin(bench.url);
    const damaged = await bearerFetch(`${o}/scim/damaged/v2`, a.info.token)('/Users');
    const unknown = await bearerFetch(`${o}/scim/no-such-one/v2`, a.info.token)('/Users');
    expect(damaged.status).toBe(401);
    expect(await damaged.json()).toEqual(await unknown.json());
    expect(errors.map((e) => e.message).join()).toMatch(/credentials/i); // the host is told why
    expect((await bench.scim('/Users')).status).toBe(200); // the others serve on
  });

  it('dot segments and encodings never leave the endpoint the path names', async () => {
    const bench = await startBench();
    const a = await bench.endpoint('tenant-a');
    for (const target of [
      '/scim/tenant-a/v2/../../v2/Users',
      '/scim/tenant-a/v2/%2e%2e/%2e%2e/v2/Users',
      '/scim/tenant-a%2fv2/Users',
      '/scim/v2/../tenant-a/v2/Users',
    ]) {
      // A's token never reads the default endpoint, nor the default token A's.
      expect([401, 404]).toContain(await rawGet(bench.url, target, a.info.token));
      expect([401, 404]).toContain(await rawGet(bench.url, target, TOKEN));
    }
    expect(await rawGet(bench.url, '/scim/%74enant-a/v2/Users', a.info.token)).toBe(401); // a name is not decoded
    expect(await rawGet(bench.url, '/scim/TENANT-A/V2/Users', a.info.token)).toBe(200); // names ignore case
    expect(await rawGet(bench.url, '/scim/default/v2/Users', a.info.token)).toBe(401);
  });
});
