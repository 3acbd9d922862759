/** Each preset, over real HTTP on loopback with a real SQLite file, does what PRESETS promises. */
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, presetProfile } from '../../shared/profile';
import { startProfiled } from '../test/profile-bench';
import { profileProblems } from './profile-problems';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const q = (filter: string) => encodeURIComponent(filter);

function expectScimError(r: { status: number; headers: Headers; body: Record<string, unknown> }, status: number) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  expect(r.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status) });
  expect(typeof r.body.detail).toBe('string');
}

/** Users straight into the store (the same SQLite file the listener reads): 120 over HTTP would only be slow. */
function seed(store: Awaited<ReturnType<typeof startProfiled>>['store'], n: number) {
  store.transaction(() => {
    for (let i = 0; i < n; i++)
      store.create('User', { schemas: [USER], userName: `user${String(i).padStart(3, '0')}` });
  });
}

const oneBulkPost = {
  schemas: [BULK],
  Operations: [{ method: 'POST', path: '/Users', bulkId: 'a', data: { schemas: [USER], userName: 'bulk-a' } }],
};

describe('presets', () => {
  it('every preset is a valid profile with no problems', () => {
    for (const name of PRESET_NAMES) expect(profileProblems(presetProfile(name)), name).toEqual([]);
  });

  it('entra-friendly: deviations noted and accepted, unknown attributes ignored, Bulk, ETags and Groups on', async () => {
    const { json, scim, createUser } = await startProfiled(presetProfile('entra-friendly'));
    const user = await createUser('alice', { nickName: 'al', favouriteColour: 'teal' });
    expect(user).not.toHaveProperty('favouriteColour');
    const patched = await json(`/Users/${user.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);
    expect(patched.headers.get('etag')).toMatch(/^W\/"/);
    expect((await json('/Bulk', { method: 'POST', json: oneBulkPost })).status).toBe(200);
    expect((await json('/Groups')).status).toBe(200);
    const config = (await json('/ServiceProviderConfig')).body;
    expect(config).toMatchObject({ bulk: { supported: true, maxOperations: 1000 }, etag: { supported: true } });
    expect((await scim('/Users/.search', { method: 'POST', json: { filter: 'userName eq "alice"' } })).status).toBe(
      200,
    );
  });

  it('rfc-strict: refuses a capitalised op and a string boolean, and an unknown attribute as invalidPath', async () => {
    const { json, createUser } = await startProfiled(presetProfile('rfc-strict'));
    const user = await createUser('bob');
    const capital = await json(`/Users/${user.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: false }] },
    });
    expectScimError(capital, 400);
    expect(capital.body.detail).toMatch(/capitalised-op/);
    const text = await json(`/Users/${user.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: 'False' }] },
    });
    expectScimError(text, 400);
    expect(text.body.detail).toMatch(/string-boolean/);
    const unknown = await json('/Users', { method: 'POST', json: { schemas: [USER], userName: 'c', shoeSize: 9 } });
    expectScimError(unknown, 400);
    expect(unknown.body).toMatchObject({ scimType: 'invalidPath', detail: expect.stringContaining('shoeSize') });
    expect((await json(`/Users?filter=${q('userName eq "c"')}`)).body.totalResults).toBe(0); // nothing half-made
  });

  it('typical-saas: unknown attribute 400 invalidPath, count=500 gives 100, Bulk 501, no ETag, tooMany past 100', async () => {
    const { json, store } = await startProfiled(presetProfile('typical-saas'));
    const unknown = await json('/Users', {
      method: 'POST',
      json: { schemas: [USER], userName: 'dana', name: { givenName: 'D', nickname: 'x' } },
    });
    expectScimError(unknown, 400);
    expect(unknown.body).toMatchObject({ scimType: 'invalidPath', detail: expect.stringContaining('name.nickname') });

    seed(store, 120);
    const page = await json('/Users?count=500');
    expect(page.body).toMatchObject({ totalResults: 120, itemsPerPage: 100 });
    expect(page.body.Resources).toHaveLength(100);

    const bulk = await json('/Bulk', { method: 'POST', json: oneBulkPost });
    expectScimError(bulk, 501);
    expect((await json(`/Users?filter=${q('userName eq "bulk-a"')}`)).body.totalResults).toBe(0);

    const one = await json(`/Users?filter=${q('userName eq "user007"')}`);
    const id = (one.body.Resources as { id: string }[])[0]!.id;
    const read = await json(`/Users/${id}`);
    expect(read.headers.get('etag')).toBeNull();
    expect(read.body.meta).not.toHaveProperty('version');

    const tooMany = await json(`/Users?filter=${q('userName sw "user"')}&count=10`);
    expectScimError(tooMany, 400);
    expect(tooMany.body).toMatchObject({ scimType: 'tooMany', detail: expect.stringContaining('at most 100') });
    expect((await json(`/Users?filter=${q('userName sw "user00"')}`)).body.totalResults).toBe(10);

    expect((await json('/ServiceProviderConfig')).body).toMatchObject({
      bulk: { supported: false },
      etag: { supported: false },
      filter: { supported: true, maxResults: 100 },
    });
  });

  it('okta-style: sortBy is ignored, PATCH answers the user, no Bulk, no ETag', async () => {
    const { json, createUser } = await startProfiled(presetProfile('okta-style'));
    for (const name of ['carol', 'alice', 'bob']) await createUser(name);
    const sorted = await json('/Users?sortBy=userName&sortOrder=descending');
    expect(sorted.status).toBe(200);
    expect((sorted.body.Resources as { userName: string }[]).map((u) => u.userName)).toEqual(['carol', 'alice', 'bob']);
    const carol = (sorted.body.Resources as { id: string }[])[0]!;
    const patched = await json(`/Users/${carol.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Carol' }] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: carol.id, displayName: 'Carol' });
    expect(patched.headers.get('etag')).toBeNull();
    expectScimError(await json('/Bulk', { method: 'POST', json: oneBulkPost }), 501);
    expect((await json('/ServiceProviderConfig')).body).toMatchObject({ sort: { supported: false } });
  });

  it('minimal: no Groups anywhere, userName eq only, no .search, PATCH answers 204', async () => {
    const { json, scim, createUser } = await startProfiled(presetProfile('minimal'));
    const user = await createUser('erin', { displayName: 'x' });

    const groups = await json('/Groups');
    expectScimError(groups, 404);
    expectScimError(await json('/Groups', { method: 'POST', json: { schemas: [GROUP], displayName: 'g' } }), 404);
    const types = (await json('/ResourceTypes')).body;
    expect((types.Resources as { id: string }[]).map((t) => t.id)).toEqual(['User']);
    expect(types.totalResults).toBe(1);
    const schemas = (await json('/Schemas')).body.Resources as { id: string }[];
    expect(schemas.map((s) => s.id)).not.toContain(GROUP);
    expect(schemas.map((s) => s.id)).toContain(USER);
    const userSchema = schemas.find((s) => s.id === USER) as unknown as { attributes: { name: string }[] };
    expect(userSchema.attributes.map((a) => a.name)).not.toContain('groups');
    expect(userSchema.attributes.map((a) => a.name)).toContain('userName');
    expectScimError(await json(`/Schemas/${GROUP}`), 404);
    expectScimError(await json('/ResourceTypes/Group'), 404);

    const byName = await json(`/Users?filter=${q('userName eq "erin"')}`);
    expect(byName.body).toMatchObject({ totalResults: 1 });
    const byDisplay = await json(`/Users?filter=${q('displayName eq "x"')}`);
    expectScimError(byDisplay, 400);
    expect(byDisplay.body).toMatchObject({
      scimType: 'invalidFilter',
      detail: expect.stringContaining('"userName eq"'),
    });
    const combined = await json(`/Users?filter=${q('userName eq "erin" or userName eq "x"')}`);
    expect(combined.body).toMatchObject({ scimType: 'invalidFilter' });

    expectScimError(await json('/Users/.search', { method: 'POST', json: { filter: 'userName eq "erin"' } }), 501);
    expectScimError(await json('/.search', { method: 'POST', json: {} }), 501);

    const patched = await scim(`/Users/${user.id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] },
    });
    expect(patched.status).toBe(204);
    expect(await patched.text()).toBe('');
    expect((await json(`/Users/${user.id}`)).body.active).toBe(false);
  });
});
