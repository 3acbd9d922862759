/** Replay against a running bench, attacked through what the log holds: anything the internet sent. */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../commands';
import { TOKEN, startBench } from '../test/bench-harness';
import { MARK_PLACEHOLDER, TOKEN_PLACEHOLDER } from './replay';

/** A request with the target exactly as written: fetch() and URL would resolve `%2e%2e` first. */
const rawRequest = (url: string, method: string, target: string, headers: Record<string, string>, body?: string) =>
  new Promise<number>((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ host: hostname, port, method, path: target, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end(body);
  });

type Bench = Awaited<ReturnType<typeof startBench>>;

const userNamed = async (bench: Bench, userName: string) =>
  (
    (await (await bench.scim(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).json()) as {
      totalResults: number;
    }
  ).totalResults;

async function entryFor(bench: Bench, count: number, match: (e: { method: string; status: number }) => boolean) {
  const entry = (await bench.traffic(count)).find(match);
  if (!entry) throw new Error('the request was not recorded');
  return entry;
}

describe('replay', () => {
  it('never replays a request that failed authentication: it would run with the real token', async () => {
    const bench = await startBench();
    for (const authorization of ['Bearer guessed-wrong-token', undefined]) {
      const status = await rawRequest(
        bench.url,
        'POST',
        '/scim/v2/Users',
        { 'Content-Type': 'application/scim+json', ...(authorization ? { Authorization: authorization } : {}) },
        JSON.stringify({ userName: 'attacker@evil.example' }),
      );
      expect(status).toBe(401);
    }
    const refused = (await bench.traffic(2)).filter((e) => e.status === 401);
    expect(refused).toHaveLength(2);
    for (const entry of refused) {
      expect(entry.authenticated).toBe(false);
      await expect(bench.engine.handlers['traffic:replay']({ id: entry.id })).rejects.toMatchObject({
        status: 422,
        message: expect.stringMatching(/did not present valid credentials.*never replayed/),
      });
      expect(await userNamed(bench, 'attacker@evil.example')).toBe(0);
      await expect(bench.engine.handlers['traffic:replay-preview']({ id: entry.id })).rejects.toMatchObject({
        status: 422,
      });
    }
    expect(await userNamed(bench, 'attacker@evil.example')).toBe(0);
  });

  it('never replays a token request', async () => {
    const bench = await startBench();
    const { clientId, clientSecret } = bench.engine.credentials.oauthClient;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    const origin = new URL(bench.url).origin;
    const status = await rawRequest(
      origin,
      'POST',
      '/oauth/token',
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      form.toString(),
    );
    expect(status).toBe(200);
    const entry = await entryFor(bench, 1, (e) => e.method === 'POST');
    await expect(bench.engine.handlers['traffic:replay']({ id: entry.id })).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/token request/),
    });
  });

  it('replays the %2e%2e DELETE that was a 404 as exactly that request, so the victim survives', async () => {
    const bench = await startBench();
    const victim = (await (await bench.scim('/Users', { method: 'POST', json: { userName: 'victim' } })).json()) as {
      id: string;
    };
    const target = `/scim/v2/Users/nonexistent/%2e%2e/${victim.id}`;
    expect(await rawRequest(bench.url, 'DELETE', target, { Authorization: `Bearer ${TOKEN}` })).toBe(404);
    expect((await bench.scim(`/Users/${victim.id}`)).status).toBe(200);
    const entry = await entryFor(bench, 3, (e) => e.method === 'DELETE');
    expect(entry.path).toBe(target); // recorded as received, not as a URL parser would resolve it
    const preview = await bench.engine.handlers['traffic:replay-preview']({ id: entry.id });
    expect(preview).toMatchObject({ method: 'DELETE', target });
    expect(await bench.engine.handlers['traffic:replay']({ id: entry.id })).toMatchObject({ status: 404 });
    expect((await bench.scim(`/Users/${victim.id}`)).status).toBe(200);
  });

  it('sends a recorded target byte for byte (node:http, no URL parser between the log and the wire)', async () => {
    const bench = await startBench();
    const victim = (await (await bench.scim('/Users', { method: 'POST', json: { userName: 'victim' } })).json()) as {
      id: string;
    };
    // An entry as capture records that request: the target as received.
    const [entry] = bench.engine.traffic.insertMany([
      {
        time: new Date().toISOString(),
        client: 'other',
        method: 'DELETE',
        path: `/scim/v2/Users/nonexistent/%2e%2e/${victim.id}`,
        query: '',
        status: 404,
        authenticated: true,
        deviations: 0,
        durationMs: 1,
        operation: 'not-found',
        resourceType: null,
        resourceId: null,
        sentence: 'A client asked for something that does not exist',
        requestHeaders: {},
        requestBody: null,
        responseHeaders: {},
        responseBody: null,
        notes: [],
        before: null,
        after: null,
        members: null,
      },
    ]);
    expect(await bench.engine.handlers['traffic:replay']({ id: entry!.id })).toMatchObject({ status: 404 });
    expect((await bench.scim(`/Users/${victim.id}`)).status).toBe(200);
  });

  it('previews exactly what it sends, with the token and the console mark as placeholders', async () => {
    const bench = await startBench();
    await bench.scim('/Users', {
      method: 'POST',
      json: { userName: 'again' },
      headers: { Accept: 'application/scim+json' },
    });
    const entry = await entryFor(bench, 1, (e) => e.method === 'POST');
    const preview = await dispatch(bench.engine.handlers, 'traffic:replay-preview', { id: entry.id });
    const origin = new URL(bench.url);
    expect(preview).toEqual({
      method: 'POST',
      target: '/scim/v2/Users',
      headers: {
        Host: origin.host,
        Authorization: `Bearer ${TOKEN_PLACEHOLDER}`,
        'User-Agent': 'SCIM Bench replay',
        'X-Scim-Bench-Console': MARK_PLACEHOLDER,
        'X-Scim-Bench-Replay-Of': String(entry.id),
        'content-type': 'application/scim+json',
        accept: 'application/scim+json',
        'Content-Length': String(Buffer.byteLength('{"userName":"again"}')),
      },
      body: '{"userName":"again"}',
    });
    const shown = JSON.stringify(preview);
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain(bench.engine.consoleMark);
    // And what is sent is that request: a second create of the same userName.
    expect(await bench.engine.handlers['traffic:replay']({ id: entry.id })).toMatchObject({ status: 409 });
    const [replayed] = await bench.traffic(2);
    expect(replayed).toMatchObject({ method: 'POST', path: '/scim/v2/Users', status: 409, authenticated: true });
  });
});
