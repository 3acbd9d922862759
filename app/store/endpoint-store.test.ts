/** EndpointStore on a real bench.db: the default endpoint, names, profiles, reset and delete. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT_ID } from '../../shared/endpoints';
import { presetProfile } from '../../shared/profile';
import { ScimError } from '../scim/errors';
import { tempDir } from '../test/temp-dir';
import { openDatabase } from './database';
import { EndpointStore } from './endpoint-store';
import { BENCH_MIGRATIONS } from './migrations';
import { ResourceStore } from './resource-store';

function open() {
  const db = openDatabase(path.join(tempDir(), 'bench.db'), { migrations: BENCH_MIGRATIONS });
  return { db, endpoints: new EndpointStore(db), changes: () => new ResourceStore(db).changeCounter() };
}

const failure = (fn: () => unknown): ScimError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a SCIM error');
};

const user = (userName: string) => ({ schemas: [], userName });

describe('EndpointStore', () => {
  it('starts with the default endpoint, Entra-friendly, without extensions or fault rules', () => {
    const { endpoints } = open();
    expect(endpoints.list()).toEqual([
      {
        id: DEFAULT_ENDPOINT_ID,
        name: 'default',
        paused: false,
        profile: presetProfile('entra-friendly'),
        schema: { extensions: [] },
        faults: [],
        created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
      },
    ]);
  });

  it('creates endpoints with a short random id, finds them by id and by name ignoring case', () => {
    const { endpoints, changes } = open();
    const before = changes();
    const created = endpoints.create({ name: 'okta', profile: presetProfile('okta-style') });
    expect(created.id).toMatch(/^[0-9a-f]{12}$/);
    expect(changes()).toBe(before + 1);
    expect(endpoints.get(created.id)).toEqual(created);
    expect(endpoints.byName('OKTA')?.id).toBe(created.id);
    expect(endpoints.get('nope')).toBeNull();
    expect(endpoints.list().map((e) => e.name)).toEqual(['default', 'okta']);
  });

  it('refuses a taken name (ignoring case) and an invalid one, on create and on rename', () => {
    const { endpoints } = open();
    const a = endpoints.create({ name: 'a' });
    endpoints.create({ name: 'b' });
    expect(failure(() => endpoints.create({ name: 'default' }))).toMatchObject({ status: 409 });
    const rename = failure(() => endpoints.update(a.id, { name: 'b' }));
    expect(rename.status).toBe(409);
    expect(rename.message).toContain("already named 'b'");
    expect(failure(() => endpoints.create({ name: 'Users' })).status).toBe(400);
    expect(failure(() => endpoints.create({ name: 'users' })).message).toContain('reserved');
    expect(endpoints.update(a.id, { name: 'a2' }).name).toBe('a2');
    expect(endpoints.byName('a')).toBeNull();
  });

  it('updates pause, profile and schema, keeping what is not given', () => {
    const { endpoints, changes } = open();
    const e = endpoints.create({ name: 'x' });
    const before = changes();
    const schema = {
      extensions: [
        {
          id: 'urn:contoso:params:scim:schemas:extension:badge:2.0:User',
          name: 'Badge',
          attributes: [{ name: 'badge', type: 'string' as const }],
        },
      ],
    };
    const updated = endpoints.update(e.id, { paused: true, schema: schema as never });
    expect(changes()).toBe(before + 1);
    expect(updated.paused).toBe(true);
    expect(updated.name).toBe('x');
    expect(updated.schema.extensions[0]).toMatchObject({ resourceType: 'User', required: false });
    expect(endpoints.get(e.id)).toEqual(updated);
    expect(endpoints.update(e.id, { paused: false, profile: presetProfile('minimal') }).profile.groups).toBe(false);
    expect(failure(() => endpoints.update('missing', { paused: true })).status).toBe(404);
  });

  it('resets one endpoint to empty, keeping the row; deletes others but never the default one', () => {
    const { endpoints, db } = open();
    const e = endpoints.create({ name: 'x' });
    const store = endpoints.resources(e.id);
    const ids = ['a', 'b', 'c'].map((n) => store.create('User', user(n)).id);
    const group = store.create('Group', { schemas: [], displayName: 'g' }).id;
    store.addMembers(group, ids);
    expect(endpoints.counts().get(e.id)).toEqual({ users: 3, groups: 1 });
    expect(endpoints.reset(e.id)).toEqual({ users: 3, groups: 1 });
    expect(endpoints.get(e.id)).not.toBeNull();
    expect(db.prepare('SELECT count(*) AS n FROM members').get()).toEqual({ n: 0 });
    store.create('User', user('d'));
    expect(endpoints.delete(e.id)).toEqual({ users: 1, groups: 0 });
    expect(endpoints.get(e.id)).toBeNull();
    expect(failure(() => endpoints.delete(DEFAULT_ENDPOINT_ID)).status).toBe(400);
    expect(failure(() => endpoints.reset(e.id)).status).toBe(404);
  });

  it('keeps userName unique ignoring case, or as sent when the profile says case-exact', () => {
    const { endpoints } = open();
    const loose = endpoints.resources(endpoints.create({ name: 'loose' }).id);
    loose.create('User', user('Alice'));
    const taken = failure(() => loose.create('User', user('alice')));
    expect(taken).toMatchObject({ status: 409, scimType: 'uniqueness' });
    expect(taken.message).toContain('ignoring case');

    const exact = endpoints.create({
      name: 'exact',
      profile: { ...presetProfile('rfc-strict'), userNameCaseExact: true },
    });
    const store = endpoints.resources(exact.id);
    store.create('User', user('Alice'));
    store.create('User', user('alice'));
    expect(failure(() => store.create('User', user('Alice'))).status).toBe(409);
    // A replace re-keys too: renaming one twin onto the other's exact name is refused.
    const bob = store.create('User', user('bob'));
    expect(failure(() => store.replace(bob, user('alice'))).status).toBe(409);
  });

  it('refuses to make userName ignore case while two users differ only by case, and re-keys when it can', () => {
    const { endpoints, changes } = open();
    const exactProfile = { ...presetProfile('entra-friendly'), userNameCaseExact: true };
    const e = endpoints.create({ name: 'exact', profile: exactProfile });
    const store = endpoints.resources(e.id);
    const twin = store.create('User', user('Alice'));
    store.create('User', user('ALICE'));
    const before = changes();
    const refused = failure(() => endpoints.update(e.id, { profile: presetProfile('entra-friendly') }));
    expect(refused.status).toBe(409);
    expect(refused.message).toContain("'alice' (2 users)");
    expect(changes()).toBe(before); // nothing half-applied
    expect(endpoints.get(e.id)?.profile.userNameCaseExact).toBe(true);

    store.delete('User', twin.id);
    endpoints.update(e.id, { profile: presetProfile('entra-friendly') });
    const loose = endpoints.resources(e.id);
    expect(failure(() => loose.create('User', user('alice'))).status).toBe(409);
    // And back to exact: the keys are the names as sent again.
    endpoints.update(e.id, { profile: exactProfile });
    endpoints.resources(e.id).create('User', user('alice'));
  });

  it('reads a stored profile written before a field existed with that field at its default', () => {
    const { endpoints, db } = open();
    const e = endpoints.create({ name: 'old' });
    const { userNameCaseExact: _, ...older } = presetProfile('minimal');
    db.prepare('UPDATE endpoints SET profile = ? WHERE id = ?').run(JSON.stringify(older), e.id);
    expect(endpoints.get(e.id)?.profile).toEqual(presetProfile('minimal'));
  });
});
