/**
 * Secrets, attacked the way clients and attackers send them: every form a password or token takes
 * goes through a real bench over HTTP, and each canary is then searched for in every byte the
 * traffic log writes (traffic.db and its WAL), every export and every curl command.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN, startBench } from '../test/bench-harness';
import { exported } from '../test/exported';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const canary = (name: string) => `Canary-${name}-7f3Qx9`;

/** Every file of the traffic log (the provisioning store, bench.db, is the service's to keep clean). */
const trafficBytes = (dataDir: string) =>
  Buffer.concat(
    readdirSync(dataDir)
      .filter((f) => f.startsWith('traffic.db'))
      .map((f) => readFileSync(path.join(dataDir, f))),
  );

describe('secrets by meaning, end to end', () => {
  it('no password, token or secret, however it is sent, is stored, exported or put in curl', async () => {
    const { url, scim, traffic, engine } = await startBench();
    const { dataDir } = await engine.handlers['info:get']();
    const sent: Record<string, string> = {};
    const secret = (attack: string) => (sent[attack] = canary(attack.replace(/\W+/g, '')));

    const user = (await (
      await scim('/Users', { method: 'POST', json: { schemas: [USER], userName: 'target@contoso.com' } })
    ).json()) as { id: string };
    const patch = (operations: unknown[]) =>
      scim(`/Users/${user.id}`, { method: 'PATCH', json: { schemas: [PATCH], Operations: operations } });

    await patch([{ op: 'replace', path: 'password', value: secret('PATCH path') }]);
    await patch([{ op: 'Replace', path: `${USER}:password`, value: secret('PATCH URN path') }]);
    await patch([{ op: 'Replace', value: { [`${USER}:password`]: secret('pathless PATCH URN key'), active: true } }]);
    await scim('/Users', {
      method: 'POST',
      json: { schemas: [USER], userName: 'urn-post', [`${USER}:password`]: secret('POST URN key') },
    });
    await scim('/Bulk', {
      method: 'POST',
      json: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          {
            method: 'PATCH',
            path: `/Users/${user.id}`,
            data: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'password', value: secret('Bulk PATCH') }] },
          },
        ],
      },
    });
    await scim(`/Users?access_token=${secret('access_token query')}`);
    await scim(`/Users?client_secret=${secret('client_secret query')}&x=1`);
    await scim(`/Users?filter=${encodeURIComponent(`password eq "${secret('filter')}"`)}`);
    // Malformed: the parse error quotes the input back (V8's "… is not valid JSON").
    await scim('/Users', {
      method: 'POST',
      body: `{"userName":"broken","password":${secret('malformed JSON')}}`,
      headers: { 'Content-Type': 'application/scim+json' },
    });
    await scim('/Users', {
      method: 'POST',
      json: {
        schemas: [USER, 'urn:example:acme:2.0:User'],
        userName: 'ext',
        'urn:example:acme:2.0:User': { password: secret('custom extension') },
      },
    });
    // Deeper than any recursion walks (the masker before this failed open: it stored the body raw).
    const levels = 20_000;
    await scim('/Users', {
      method: 'POST',
      body: `{"userName":"deep","deep":${'{"a":'.repeat(levels)}{"password":"${secret('nested deeper than the walk')}"}${'}'.repeat(levels)}}`,
      headers: { 'Content-Type': 'application/scim+json' },
    });
    // The same value under a harmless name: found by meaning once, scrubbed everywhere else.
    const echoed = secret('echoed in another attribute');
    await scim('/Users', {
      method: 'POST',
      json: { schemas: [USER], userName: 'echo', password: echoed, nickName: echoed },
    });
    // A wrong token: fingerprinted in the header, scrubbed where the body repeats it.
    const wrong = secret('wrong bearer token');
    await fetch(`${url}/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${wrong}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ userName: wrong }),
    });

    const attacks = Object.keys(sent).length;
    const entries = await traffic(attacks + 1);
    const har = await exported(engine, 'har');
    const ndjson = await exported(engine, 'ndjson');
    const curls = (await Promise.all(entries.map((e) => engine.handlers['traffic:curl']({ id: e.id })))).join('\n');
    // The variant with the token is made on request for the clipboard: it must leave no trace.
    for (const e of entries) await engine.handlers['traffic:curl']({ id: e.id, withToken: true });
    await engine.close();
    const files = trafficBytes(dataDir).toString('latin1').toLowerCase();

    const leaks = Object.entries(sent).flatMap(([attack, value]) =>
      [
        ['traffic.db', files.includes(value.toLowerCase())],
        ['HAR', har.includes(value)],
        ['NDJSON', ndjson.includes(value)],
        ['curl', curls.includes(value)],
      ]
        .filter(([, leaked]) => leaked)
        .map(([where]) => `${attack} → ${where}`),
    );
    expect(leaks).toEqual([]);
    expect(files.includes(TOKEN.toLowerCase())).toBe(false);
    // Withheld, not dropped silently: the entry says so.
    expect(ndjson).toMatch(/\[withheld: \d+ bytes that are not valid JSON/);
    expect(ndjson).toMatch(/\[withheld: \d+ bytes that are JSON nested more than 64 levels deep/);
  });
});
