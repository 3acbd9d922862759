/** Traffic capture end to end: every kind of request, redaction, search, retention, exports, bursts. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN, startBench } from '../test/bench-harness';
import { exported } from '../test/exported';

// har-validator is CommonJS without types: the HAR 1.2 JSON-schema validator used by HAR tooling.
import harValidator from 'har-validator';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTRA = { 'User-Agent': 'Azure Active Directory SCIM Provisioning' };

describe('capture', () => {
  it('records requests that fail early: 401, unknown route, bad JSON, too large, wrong media type', async () => {
    const { url, scim, traffic } = await startBench({ maxCapturedBodyBytes: 64 });
    await fetch(`${url}/Users`, { headers: { 'User-Agent': 'Okta SCIM Client 1.0.0' } });
    await scim('/Widgets');
    await scim('/Users', {
      method: 'POST',
      body: '{"userName":',
      headers: { 'Content-Type': 'application/scim+json' },
    });
    await scim('/Users', {
      method: 'POST',
      body: 'x'.repeat(11 * 1024 * 1024),
      headers: { 'Content-Type': 'application/json' },
    });
    await scim('/Users', {
      method: 'POST',
      body: '<user/>',
      headers: { 'Content-Type': 'application/xml', 'User-Agent': 'curl/8.5.0' },
    });
    const entries = await traffic(5);
    const byStatus = Object.fromEntries(entries.map((e) => [e.status, e]));
    expect(Object.keys(byStatus).sort()).toEqual(['400', '401', '404', '413', '415']);
    expect(byStatus[401]).toMatchObject({ client: 'okta', operation: 'auth-failed' });
    expect(byStatus[401]!.sentence).toMatch(/^Okta was refused: No Authorization header/);
    expect(byStatus[404]!.operation).toBe('not-found');
    expect(byStatus[413]!.operation).toBe('too-large');
    expect(byStatus[415]!.client).toBe('curl');
  });

  it('caps bodies with a visible marker', async () => {
    const { scim, traffic, engine } = await startBench({ maxCapturedBodyBytes: 64 });
    await scim('/Users', { method: 'POST', json: { userName: 'long', title: 't'.repeat(500) } });
    const [entry] = await traffic(1);
    const full = (await engine.handlers['traffic:get']({ id: entry!.id }))!;
    expect(full.requestBody).toMatch(/…\[truncated: \d+ more bytes\]$/);
  });

  it('keeps what a change did: before and after, member deltas, and a sentence about it', async () => {
    const { scim, traffic, engine } = await startBench();
    const user = (await (
      await scim('/Users', { method: 'POST', json: { userName: 'alice@contoso.com', active: true }, headers: ENTRA })
    ).json()) as { id: string };
    await scim(`/Users/${user.id}`, {
      method: 'PATCH',
      headers: ENTRA,
      json: { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
    });
    const group = (await (
      await scim('/Groups', { method: 'POST', json: { displayName: 'Eng' }, headers: ENTRA })
    ).json()) as { id: string };
    await scim(`/Groups/${group.id}`, {
      method: 'PATCH',
      headers: ENTRA,
      json: { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: user.id }] }] },
    });
    const entries = await traffic(4);
    const disable = entries.find((e) => e.operation === 'disable-user')!;
    expect(disable.sentence).toBe(
      'Entra disabled user alice@contoso.com (sent the PATCH op "Replace" capitalised; sent active as the string "False" instead of a boolean)',
    );
    const detail = (await engine.handlers['traffic:get']({ id: disable.id }))!;
    expect(detail.before).toMatchObject({ active: true });
    expect(detail.after).toMatchObject({ active: false });
    const add = entries.find((e) => e.operation === 'add-members')!;
    expect(add.sentence).toBe('Entra added members to group Eng (+1) (sent the PATCH op "Add" capitalised)');
    expect((await engine.handlers['traffic:get']({ id: add.id }))!.members).toEqual({
      added: 1,
      removed: 0,
      addedMembers: [{ id: user.id, name: 'alice@contoso.com' }],
      removedMembers: [],
    });
  });
});

describe('secrets', () => {
  it('never stores the bearer token, OAuth secrets or issued tokens — not in the database, the exports or curl', async () => {
    const { url, scim, traffic, engine } = await startBench();
    const { oauth, dataDir } = await engine.handlers['info:get']();
    const tokenResponse = await fetch(oauth.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
      }).toString(),
    });
    const accessToken = ((await tokenResponse.json()) as { access_token: string }).access_token;
    await fetch(`${url}/Users`, { headers: { Authorization: `Bearer ${accessToken}` } });
    await scim('/Users', { method: 'POST', json: { userName: 'sec', password: 'Hunter2-Password' } });
    const entries = await traffic(3);
    const issued = entries.find((e) => e.operation === 'oauth-token')!;
    expect(issued.sentence).toBe('A client got an OAuth access token');

    const secrets = [TOKEN, oauth.clientSecret, accessToken, 'Hunter2-Password'];
    const har = await exported(engine, 'har');
    const ndjson = await exported(engine, 'ndjson');
    const curls = await Promise.all(entries.map((e) => engine.handlers['traffic:curl']({ id: e.id })));
    await engine.close();
    const db = Buffer.concat(
      ['traffic.db', 'traffic.db-wal'].map((f) => {
        try {
          return readFileSync(path.join(dataDir, f));
        } catch {
          return Buffer.alloc(0);
        }
      }),
    );
    for (const secret of secrets) {
      expect(db.includes(Buffer.from(secret)), secret).toBe(false);
      expect(har).not.toContain(secret);
      expect(ndjson).not.toContain(secret);
      expect(curls.join('\n')).not.toContain(secret);
    }
    expect(curls.join('\n')).toContain('$SCIM_BENCH_TOKEN');
  });
});

describe('query', () => {
  it('filters by status class, client, operation and method, and searches text with FTS5', async () => {
    const { scim, url, traffic, engine } = await startBench();
    await scim('/Users', { method: 'POST', json: { userName: 'findme.fragment@contoso.com' }, headers: ENTRA });
    await scim('/Users', { method: 'POST', json: { userName: 'other@fabrikam.com' } });
    await fetch(`${url}/Users`);
    await traffic(3);
    const list = engine.handlers['traffic:list'];
    expect((await list({ statusClass: '4xx' })).entries.map((e) => e.status)).toEqual([401]);
    expect((await list({ client: 'entra' })).entries).toHaveLength(1);
    expect((await list({ operation: 'create-user', method: 'post' })).entries).toHaveLength(2);
    expect((await list({ text: 'findme.fragment' })).entries.map((e) => e.client)).toEqual(['entra']);
    expect((await list({ text: 'fabrik' })).entries).toHaveLength(1); // prefix of the last word
    expect((await list({ text: '"); DROP TABLE traffic; --' })).entries).toHaveLength(0);
    const stats = await engine.handlers['traffic:stats']({});
    expect(stats).toMatchObject({
      total: 3,
      byOperation: { 'create-user': 2, 'auth-failed': 1 },
      byStatusClass: { '2xx': 2, '4xx': 1 },
    });
    expect(stats.errorRate).toBeCloseTo(1 / 3);
    expect(stats.latencyMs!.p99).toBeGreaterThanOrEqual(stats.latencyMs!.p50);
  });

  it('pages with a cursor, newest first', async () => {
    const { scim, traffic, engine } = await startBench();
    for (let i = 0; i < 7; i++) await scim(`/Users?filter=${encodeURIComponent(`userName eq "u${i}"`)}`);
    await traffic(7);
    const first = await engine.handlers['traffic:list']({ limit: 5 });
    const second = await engine.handlers['traffic:list']({ limit: 5, before: first.nextCursor! });
    expect(first.entries).toHaveLength(5);
    expect(second.entries).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.entries, ...second.entries].map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('retention prunes by count and by age', async () => {
    const { scim, traffic, engine } = await startBench({ retention: { maxEntries: 3, maxAgeDays: 30 } });
    for (let i = 0; i < 6; i++) await scim('/ServiceProviderConfig');
    await traffic(6);
    expect(await engine.retention.run()).toBe(3);
    const left = (await engine.handlers['traffic:list']({})).entries;
    expect(left).toHaveLength(3);
    expect(Math.min(...left.map((e) => e.id))).toBe(4); // the oldest went first
  });
});

describe('exports and replay', () => {
  it('exports HAR 1.2 that a HAR validator accepts', async () => {
    const { scim, traffic, engine } = await startBench();
    await scim('/Users', { method: 'POST', json: { userName: 'har' } });
    await scim('/Users?filter=userName%20eq%20%22har%22');
    await traffic(2);
    const content = await exported(engine, 'har');
    const har = JSON.parse(content) as { log: { entries: { request: { queryString: unknown[] } }[] } };
    await expect(harValidator.har(har)).resolves.toBeTruthy();
    const broken = JSON.parse(content) as { log: { entries: Record<string, unknown>[] } };
    delete broken.log.entries[0]!.startedDateTime;
    await expect(harValidator.har(broken)).rejects.toThrow(); // the validator does check
    expect(har.log.entries).toHaveLength(2);
    expect(har.log.entries[1]!.request.queryString).toEqual([{ name: 'filter', value: 'userName eq "har"' }]);
    const ndjson = (await exported(engine, 'ndjson', { statusClass: '2xx' })).trim().split('\n');
    expect(ndjson.map((line) => (JSON.parse(line) as { status: number }).status)).toEqual([201, 200]);
  });

  it('replays an entry against the endpoint, recorded as a new entry from the console, linked both ways', async () => {
    const { scim, traffic, engine } = await startBench();
    await scim('/Users', { method: 'POST', json: { userName: 'again' } });
    const [original] = await traffic(1);
    const replayed = await engine.handlers['traffic:replay']({ id: original!.id });
    const entries = await traffic(2);
    expect(replayed).toEqual({ status: 409, id: entries[0]!.id });
    expect(entries[0]).toMatchObject({ client: 'console', status: 409 });
    expect((await engine.handlers['traffic:get']({ id: replayed.id! }))!.replayOf).toBe(original!.id);
    expect((await engine.handlers['traffic:get']({ id: original!.id }))!).toMatchObject({
      replayOf: null,
      replays: [replayed.id],
    });
  });
});

describe('live stream', () => {
  it('a burst of 1,000 requests arrives complete, coalesced into far fewer events', async () => {
    const { scim, engine } = await startBench();
    const seen = new Set<number>();
    let events = 0;
    engine.on('event', (event) => {
      if (event.type !== 'traffic:new') return;
      events++;
      for (const e of event.payload.entries) seen.add(e.id);
    });
    const before = process.memoryUsage().heapUsed;
    for (let batch = 0; batch < 10; batch++)
      await Promise.all(Array.from({ length: 100 }, () => scim('/ServiceProviderConfig')));
    for (let i = 0; i < 100 && seen.size < 1000; i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen.size).toBe(1000);
    expect(events).toBeLessThan(200);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
  });
});
