/** The filter complexity budget, and `or` chains of lookups compiled to index seeks. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScimError } from '../scim/errors';
import { parseFilter } from '../scim/filter-parser';
import { tempDir } from '../test/temp-dir';
import { openDatabase } from './database';
import { FILTER_BUDGET } from './filter-sql';
import { BENCH_MIGRATIONS } from './migrations';
import { ResourceStore } from './resource-store';

function storeWithUsers(n: number) {
  const db = openDatabase(path.join(tempDir(), 'bench.db'), { migrations: BENCH_MIGRATIONS });
  const store = new ResourceStore(db);
  const ids = store.transaction(() =>
    Array.from(
      { length: n },
      (_, i) =>
        store.create('User', {
          schemas: [],
          userName: `u${i}`,
          title: `t${i}`,
          ...(i % 2 ? { externalId: `x${i}` } : {}),
        }).id,
    ),
  );
  const group = store.create('Group', { schemas: [], displayName: 'g' }).id;
  store.addMembers(group, ids.slice(0, 3));
  const find = (filter: string) =>
    store
      .query('User', { filter: parseFilter(filter), startIndex: 1, count: 1000 })
      .resources.map((r) => r.data.userName)
      .sort();
  return { db, store, ids, group, find };
}

const chain = (n: number, term: (i: number) => string) => Array.from({ length: n }, (_, i) => term(i)).join(' or ');

describe('or chains of eq on an indexed column', () => {
  it('select exactly what they name, mixed with other terms, and their negation keeps resources without the attribute', () => {
    const { find } = storeWithUsers(8);
    expect(find('userName eq "U1" or userName eq "u2" or externalId eq "x5" or title eq "t6"')).toEqual([
      'u1',
      'u2',
      'u5',
      'u6',
    ]);
    // Users 0, 2, 4, 6 have no externalId: `not` of an IN over a NULL must still select them.
    expect(find('not (externalId eq "x1" or externalId eq "x3")')).toEqual(['u0', 'u2', 'u4', 'u5', 'u6', 'u7']);
  });

  it('are an index seek, not a scan', () => {
    const { db } = storeWithUsers(1);
    const plan = (filter: string) => {
      const store = new ResourceStore(db);
      const statements: string[] = [];
      const prepare = db.prepare.bind(db);
      db.prepare = ((text: string) => (statements.push(text), prepare(text))) as typeof db.prepare;
      try {
        store.query('User', { filter: parseFilter(filter), startIndex: 1, count: 10 });
      } finally {
        db.prepare = prepare;
      }
      const select = statements.find((s) => s.startsWith('SELECT r.id'))!;
      // The statement's own parameters: the endpoint, the type, the filter's values, then LIMIT and OFFSET.
      const values = (select.match(/\?/g) ?? []).length - 4;
      const params = ['default', 'User', ...Array.from({ length: values }, (_, i) => `u${i}`), 10, 0];
      return (prepare(`EXPLAIN QUERY PLAN ${select}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    };
    expect(plan(chain(20, (i) => `userName eq "u${i}"`))).toMatch(/USING INDEX users_by_user_name/);
    expect(plan(chain(20, (i) => `externalId eq "x${i}"`))).toMatch(/USING INDEX resources_by_external_id/);
  });
});

describe('filter complexity budget', () => {
  const refused = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ScimError);
      expect((error as ScimError).scimType).toBe('invalidFilter');
      return (error as ScimError).detail;
    }
    throw new Error('expected the filter to be refused');
  };

  it('refuses, saying what to simplify, an 8 KB chain over a multi-valued attribute and a long substring chain', () => {
    const { find, group } = storeWithUsers(10);
    const groups = chain(140, () => `groups.value eq "${group}"`);
    expect(groups.length).toBeGreaterThan(8000 - 200);
    expect(refused(() => find(groups))).toMatch(/budget of 50.*look resources up by id, userName or externalId/);
    expect(refused(() => find(chain(13, (i) => `title co "${i}"`)))).toMatch(/past 13 comparisons/);
    expect(refused(() => find(chain(6, (i) => `emails.value co "${i}"`)))).toMatch(/multi-valued attributes: emails/);
  });

  it('runs what fits: Entra membership checks are seeks, and the budget allows the heaviest chains it names', () => {
    const { find, group } = storeWithUsers(10);
    expect(find(`groups.value eq "${group}"`)).toEqual(['u0', 'u1', 'u2']);
    expect(find(`groups[value eq "${group}"] and userName eq "u1"`)).toEqual(['u1']);
    expect(find(chain(FILTER_BUDGET, (i) => `userName eq "u${i}"`))).toHaveLength(10);
    expect(find(chain(12, (i) => `title co "t${i}"`))).toHaveLength(10);
    expect(find(chain(5, (i) => `emails.value co "${i}"`))).toEqual([]);
  });
});
