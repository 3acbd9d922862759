/**
 * Endpoints sharing bench.db never see each other's resources: ResourceStore binds its endpoint
 * in every statement. (The same over HTTP is the SCIM service's test.)
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetProfile } from '../../shared/profile';
import { ScimError } from '../scim/errors';
import { parseFilter } from '../scim/filter-parser';
import { tempDir } from '../test/temp-dir';
import { openDatabase } from './database';
import { EndpointStore } from './endpoint-store';
import { BENCH_MIGRATIONS } from './migrations';
import type { ResourceStore } from './resource-store';

function twoEndpoints() {
  const db = openDatabase(path.join(tempDir(), 'bench.db'), { migrations: BENCH_MIGRATIONS });
  const endpoints = new EndpointStore(db);
  const a = endpoints.resources(endpoints.create({ name: 'a' }).id);
  const b = endpoints.resources(endpoints.create({ name: 'b' }).id);
  return { db, endpoints, a, b };
}

const names = (store: ResourceStore, filter?: string) =>
  store
    .query('User', { filter: filter ? parseFilter(filter) : undefined, startIndex: 1, count: 100 })
    .resources.map((r) => r.data.userName);

const status = (fn: () => unknown): number | null => {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof ScimError) return error.status;
    throw error;
  }
};

describe('endpoint isolation in the store', () => {
  it('lets two endpoints have the same userName, displayName and externalId', () => {
    const { a, b } = twoEndpoints();
    const one = a.create('User', { schemas: [], userName: 'alice', externalId: 'x1' });
    const two = b.create('User', { schemas: [], userName: 'Alice', externalId: 'x1' });
    a.create('Group', { schemas: [], displayName: 'Sales' });
    b.create('Group', { schemas: [], displayName: 'sales' });
    expect(one.id).not.toBe(two.id);
    expect(names(a, 'userName eq "ALICE"')).toEqual(['alice']);
    expect(names(b, 'userName eq "alice"')).toEqual(['Alice']);
    expect(names(b, 'externalId eq "x1"')).toEqual(['Alice']);
  });

  it('never gets, replaces, touches or deletes a resource of another endpoint', () => {
    const { a, b } = twoEndpoints();
    const alice = a.create('User', { schemas: [], userName: 'alice' });
    expect(b.get('User', alice.id)).toBeNull();
    expect(b.delete('User', alice.id)).toBe(false);
    b.replace(alice, { schemas: [], userName: 'mallory' });
    b.touch(alice);
    expect(a.get('User', alice.id)).toMatchObject({ version: 1, data: { userName: 'alice' } });
    expect(a.delete('User', alice.id)).toBe(true);
  });

  it('lists, filters, counts and sorts only its own endpoint', () => {
    const { a, b } = twoEndpoints();
    for (const n of ['a1', 'a2', 'a3']) a.create('User', { schemas: [], userName: n, title: 'same' });
    b.create('User', { schemas: [], userName: 'b1', title: 'same' });
    expect(names(a)).toEqual(['a1', 'a2', 'a3']);
    expect(names(b, 'title eq "same"')).toEqual(['b1']);
    expect(names(b, 'userName sw "a"')).toEqual([]);
    expect(a.query('User', { startIndex: 1, count: 0 }).total).toBe(3);
    expect(b.query('User', { startIndex: 1, count: 0 }).total).toBe(1);
    expect(
      b.query('User', { sortBy: { attr: 'userName' }, startIndex: 1, count: 10 }).resources.map((r) => r.data.userName),
    ).toEqual(['b1']);
  });

  it('refuses a member of another endpoint, and a group of another endpoint', () => {
    const { a, b } = twoEndpoints();
    const outsider = b.create('User', { schemas: [], userName: 'bob' });
    const group = a.create('Group', { schemas: [], displayName: 'g' });
    expect(status(() => a.addMembers(group.id, [outsider.id]))).toBe(400);
    expect(status(() => b.addMembers(group.id, [outsider.id]))).toBe(404);
    expect(a.members(group.id)).toEqual([]);
    expect(b.groupsOf(outsider.id)).toEqual([]);
  });

  it('never removes, clears or lists memberships through another endpoint', () => {
    const { a, b } = twoEndpoints();
    const alice = a.create('User', { schemas: [], userName: 'alice' });
    const group = a.create('Group', { schemas: [], displayName: 'g' });
    a.addMembers(group.id, [alice.id]);
    expect(b.removeMembers(group.id, [alice.id])).toBe(0);
    expect(b.clearMembers(group.id)).toBe(0);
    expect(b.members(group.id)).toEqual([]);
    expect(b.groupsOf(alice.id)).toEqual([]);
    expect(a.members(group.id)).toEqual([{ value: alice.id, type: 'User', display: 'alice' }]);
    expect(names(a, `groups.value eq "${group.id}"`)).toEqual(['alice']);
    expect(names(b, `groups.value eq "${group.id}"`)).toEqual([]);
  });

  it('resets one endpoint and leaves the other intact', () => {
    const { a, b, endpoints } = twoEndpoints();
    const keep = b.create('User', { schemas: [], userName: 'keep' });
    const bGroup = b.create('Group', { schemas: [], displayName: 'g' });
    b.addMembers(bGroup.id, [keep.id]);
    a.addMembers(a.create('Group', { schemas: [], displayName: 'g' }).id, [
      a.create('User', { schemas: [], userName: 'gone' }).id,
    ]);
    expect(endpoints.reset(a.endpoint)).toEqual({ users: 1, groups: 1 });
    expect(names(a)).toEqual([]);
    expect(names(b)).toEqual(['keep']);
    expect(b.members(bGroup.id)).toEqual([{ value: keep.id, type: 'User', display: 'keep' }]);
    expect(endpoints.delete(b.endpoint)).toEqual({ users: 1, groups: 1 });
    expect(endpoints.counts().size).toBe(0);
  });
});

describe('userName lookups per endpoint', () => {
  const plan = (store: ResourceStore, filter: string) => {
    const db = (store as unknown as { db: import('./database').Db }).db;
    const statements: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((text: string) => (statements.push(text), prepare(text))) as typeof db.prepare;
    try {
      store.query('User', { filter: parseFilter(filter), startIndex: 1, count: 10 });
    } finally {
      db.prepare = prepare;
    }
    const select = statements.find((s) => s.startsWith('SELECT r.id'))!;
    const values = (select.match(/\?/g) ?? []).length - 4; // endpoint, type … LIMIT, OFFSET
    const params = [store.endpoint, 'User', ...Array.from({ length: values }, (_, i) => `u${i}`), 10, 0];
    return (prepare(`EXPLAIN QUERY PLAN ${select}`).all(...params) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
  };

  it('seek an index, one name or a batch, whether userName is case-exact or not', () => {
    const db = openDatabase(path.join(tempDir(), 'bench.db'), { migrations: BENCH_MIGRATIONS });
    const endpoints = new EndpointStore(db);
    const exact = endpoints.create({
      name: 'exact',
      profile: { ...presetProfile('entra-friendly'), userNameCaseExact: true },
    });
    for (const store of [endpoints.resources('default'), endpoints.resources(exact.id)]) {
      store.create('User', { schemas: [], userName: 'u0' });
      expect(plan(store, 'userName eq "u0"')).toMatch(
        /SEARCH r USING INDEX users_by_user_name \(endpoint=\? AND user_name=\?\)/,
      );
      const batch = Array.from({ length: 20 }, (_, i) => `userName eq "u${i}"`).join(' or ');
      const batched = plan(store, batch);
      expect(batched).toMatch(/SEARCH r USING INDEX users_by_user_name \(endpoint=\? AND user_name=\?\)/);
      expect(batched).not.toMatch(/SCAN/);
    }
  });
});
