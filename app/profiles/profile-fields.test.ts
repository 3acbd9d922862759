/** Profile fields one by one, over real HTTP: what each changes, and that discovery says so. */
import { describe, expect, it } from 'vitest';
import { presetProfile, type Profile } from '../../shared/profile';
import { startProfiled } from '../test/profile-bench';
import { profileProblems } from './profile-problems';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const withChanges = (change: (p: Profile) => void) => {
  const profile = presetProfile('entra-friendly');
  change(profile);
  return profile;
};
const replaceActive = (value: unknown, op = 'replace') => ({
  method: 'PATCH',
  json: { schemas: [PATCH_OP], Operations: [{ op, path: 'active', value }] },
});

describe('profile fields', () => {
  it('dialect: a code can be refused while the rest are accepted, and accepted while the rest are refused', async () => {
    const refuseOne = await startProfiled(withChanges((p) => (p.dialect.codes['capitalised-op'] = 'refuse')));
    const a = await refuseOne.createUser('a');
    const refused = await refuseOne.json(`/Users/${a.id}`, replaceActive(false, 'Replace'));
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/refuses capitalised-op/);
    expect((await refuseOne.json(`/Users/${a.id}`, replaceActive('False'))).status).toBe(200);

    const acceptOne = await startProfiled(
      withChanges((p) => ((p.dialect.default = 'refuse'), (p.dialect.codes['capitalised-op'] = 'accept'))),
    );
    const b = await acceptOne.createUser('b');
    expect((await acceptOne.json(`/Users/${b.id}`, replaceActive(false, 'Replace'))).status).toBe(200);
    const text = await acceptOne.json(`/Users/${b.id}`, replaceActive('False'));
    expect(text.status).toBe(400);
    expect(text.body.detail).toMatch(/refuses string-boolean/);
    expect((await acceptOne.json(`/Users/${b.id}`)).body.active).toBe(false); // from the accepted PATCH only
  });

  it('profileProblems: unknown and bench-only dialect codes, and a shape zod refuses, are named', () => {
    const bad = withChanges((p) => {
      p.dialect.codes['no-such-code'] = 'refuse';
      p.dialect.codes['password-not-stored'] = 'refuse';
    });
    const problems = profileProblems(bad);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/"no-such-code" is not a dialect code/);
    expect(problems[1]).toMatch(/"password-not-stored" .* cannot be refused/);
    expect(profileProblems({ ...presetProfile('minimal'), maxPageSize: 0 })[0]).toMatch(/^maxPageSize: /);
    expect(profileProblems(withChanges((p) => (p.filter.only = ['userName eq', 'UserName eq'])))).toEqual([
      'filter.only: a pair is listed twice',
    ]);
  });

  it('unknownAttributes store: kept and answered as sent, at the top level and inside a complex attribute', async () => {
    const { json, createUser } = await startProfiled(withChanges((p) => (p.unknownAttributes = 'store')));
    const sent = { shoeSize: '9', badges: [{ level: 2 }], name: { givenName: 'F', nickname: 'Fi' } };
    const user = await createUser('fay', { ...sent, [ENTERPRISE]: { department: 'Ops', desk: 12 } });
    const read = (await json(`/Users/${user.id}`)).body;
    expect(read).toMatchObject({ ...sent, [ENTERPRISE]: { department: 'Ops', desk: 12 } });
    expect(read.shoeSize).toBe('9'); // never typed
    const secrets = await createUser('hid', { userPassword: 'hunter2', name: { givenName: 'H', apiKey: 'k-1' } });
    const kept = JSON.stringify((await json(`/Users/${secrets.id}`)).body);
    expect(kept).not.toMatch(/hunter2|userPassword|k-1|apiKey/); // named like secrets: never stored
    expect(kept).toContain('"givenName":"H"');
    const ignoring = await startProfiled(presetProfile('entra-friendly'));
    const other = await ignoring.createUser('gil', sent);
    expect((await ignoring.json(`/Users/${other.id}`)).body).not.toHaveProperty('shoeSize');
  });

  it('bulk limits: more operations or more bytes than advertised is 413, and nothing is applied', async () => {
    const { json } = await startProfiled(
      withChanges((p) => (p.bulk = { supported: true, maxOperations: 2, maxPayloadSize: 2048 })),
    );
    const post = (i: number, pad = '') => ({
      method: 'POST',
      path: '/Users',
      bulkId: `b${i}`,
      data: { schemas: [USER], userName: `bulk${i}`, displayName: pad },
    });
    const three = await json('/Bulk', {
      method: 'POST',
      json: { schemas: [BULK], Operations: [0, 1, 2].map((i) => post(i)) },
    });
    expect(three.status).toBe(413);
    expect(three.body.detail).toMatch(/at most 2 operations/);
    const big = await json('/Bulk', {
      method: 'POST',
      json: { schemas: [BULK], Operations: [post(0, 'x'.repeat(3000))] },
    });
    expect(big.status).toBe(413);
    expect(big.body.detail).toMatch(/at most 2048 bytes/);
    expect((await json('/Users')).body.totalResults).toBe(0);
    const two = await json('/Bulk', { method: 'POST', json: { schemas: [BULK], Operations: [post(0), post(1)] } });
    expect(two.status).toBe(200);
    expect((await json('/ServiceProviderConfig')).body).toMatchObject({
      bulk: { supported: true, maxOperations: 2, maxPayloadSize: 2048 },
    });
  });

  it('groups off: a Bulk operation on /Groups is refused on its own; the user operation beside it runs', async () => {
    const { json } = await startProfiled(withChanges((p) => (p.groups = false)));
    const bulk = await json('/Bulk', {
      method: 'POST',
      json: {
        schemas: [BULK],
        Operations: [
          { method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [GROUP], displayName: 'g' } },
          { method: 'POST', path: '/Users', bulkId: 'u', data: { schemas: [USER], userName: 'u' } },
        ],
      },
    });
    expect((bulk.body.Operations as { status: string }[]).map((o) => o.status)).toEqual(['404', '201']);
    const all = await json('/.search', { method: 'POST', json: {} });
    expect(all.body).toMatchObject({ totalResults: 1 });
  });

  it('filter off: any filter is 400 invalidFilter; the list without one still answers', async () => {
    const { json, createUser } = await startProfiled(withChanges((p) => (p.filter.supported = false)));
    await createUser('hal');
    const filtered = await json(`/Users?filter=${encodeURIComponent('userName eq "hal"')}`);
    expect(filtered.status).toBe(400);
    expect(filtered.body).toMatchObject({ scimType: 'invalidFilter' });
    expect((await json('/Users')).body.totalResults).toBe(1);
    expect((await json('/ServiceProviderConfig')).body).toMatchObject({ filter: { supported: false } });
  });

  it('filter only: a listed pair works with the core URN or any case; an unlisted operator is refused', async () => {
    const { json, createUser } = await startProfiled(
      withChanges((p) => (p.filter.only = ['userName eq', 'externalId eq'])),
    );
    await createUser('ivy', { externalId: 'e1' });
    for (const filter of [`${USER}:userName eq "ivy"`, 'USERNAME eq "IVY"', 'externalId eq "e1"'])
      expect((await json(`/Users?filter=${encodeURIComponent(filter)}`)).body.totalResults, filter).toBe(1);
    const sw = await json(`/Users?filter=${encodeURIComponent('userName sw "i"')}`);
    expect(sw.body).toMatchObject({
      scimType: 'invalidFilter',
      detail: expect.stringMatching(/"username sw" is not supported/),
    });
  });

  it('etag off: If-Match and If-None-Match are ignored rather than answered 412 or 304', async () => {
    const { json, scim, createUser } = await startProfiled(withChanges((p) => (p.etag = false)));
    const user = await createUser('jo');
    const write = await json(`/Users/${user.id}`, { ...replaceActive(false), headers: { 'If-Match': 'W/"nope"' } });
    expect(write.status).toBe(200);
    expect((await scim(`/Users/${user.id}`, { headers: { 'If-None-Match': '*' } })).status).toBe(200);
  });

  it('excludedAttributes off: every attribute is answered', async () => {
    const on = await startProfiled(presetProfile('entra-friendly'));
    const off = await startProfiled(withChanges((p) => (p.excludedAttributes = false)));
    for (const [bench, kept] of [
      [on, false],
      [off, true],
    ] as const) {
      await bench.createUser('kim', { displayName: 'Kim' });
      const list = await bench.json('/Users?excludedAttributes=displayName');
      expect('displayName' in (list.body.Resources as object[])[0]!).toBe(kept);
    }
  });

  it('userNameCaseExact: /Schemas says how userName is compared', async () => {
    const userSchema = async (profile: Profile) => {
      const { json } = await startProfiled(profile);
      const schema = (await json(`/Schemas/${USER}`)).body as { attributes: { name: string; caseExact: boolean }[] };
      const listed = (await json('/Schemas')).body.Resources as (typeof schema)[];
      expect(listed.find((s) => (s as unknown as { id: string }).id === USER)).toEqual(schema);
      return schema.attributes.find((a) => a.name === 'userName')!.caseExact;
    };
    expect(await userSchema(presetProfile('entra-friendly'))).toBe(false);
    expect(await userSchema(withChanges((p) => (p.userNameCaseExact = true)))).toBe(true);
  });

  it('maxPageSize: the default page (100) is cut too when the cap is lower', async () => {
    const { json, createUser } = await startProfiled(withChanges((p) => (p.maxPageSize = 2)));
    for (const name of ['l1', 'l2', 'l3']) await createUser(name);
    expect((await json('/Users')).body).toMatchObject({ totalResults: 3, itemsPerPage: 2 });
    expect((await json('/Users?startIndex=3')).body).toMatchObject({ itemsPerPage: 1, startIndex: 3 });
  });

  it('a parameter the profile does not honour is noted as not-honoured, so the traffic view says why', async () => {
    const { service, createUser } = await startProfiled(presetProfile('okta-style'));
    await createUser('max');
    const base = { method: 'GET', path: '/Users', body: undefined, baseUrl: 'http://x/scim/v2' };
    const response = service.handle({ ...base, query: { sortBy: 'userName' } });
    expect(response.status).toBe(200);
    expect(response.outcome.notes.map((n) => n.code)).toEqual(['not-honoured']);
    expect(service.handle({ ...base, query: {} }).outcome.notes).toEqual([]);
  });
});
