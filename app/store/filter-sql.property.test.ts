/**
 * Property: for random users and random filters, the SQL the store runs selects exactly the users
 * that the in-memory definition of the filter semantics (scim/filter-eval.ts) selects.
 */
import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dialect } from '../scim/dialect';
import type { CompareOp, Filter } from '../scim/filter-parser';
import { matches } from '../scim/filter-eval';
import { normalizeResource, type JsonObject } from '../scim/resource';
import { ENTERPRISE_SCHEMA } from '../scim/schemas';
import { renderResource } from '../service/render';
import { tempDir } from '../test/temp-dir';
import { openDatabase } from './database';
import { BENCH_MIGRATIONS } from './migrations';
import { ResourceStore } from './resource-store';

// Small alphabets so that random filters actually hit random data (including case variants).
const word = fc.stringMatching(/^[abAB_é]{0,3}$/);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const userArb = fc.record({
  userName: fc.stringMatching(/^[abAB]{1,4}$/),
  displayName: maybe(word),
  active: maybe(fc.boolean()),
  title: maybe(word),
  name: maybe(fc.record({ givenName: maybe(word), familyName: maybe(word) })),
  emails: maybe(
    fc.array(
      fc.record({ value: word, type: maybe(fc.constantFrom('work', 'home', 'Work')), primary: maybe(fc.boolean()) }),
      { maxLength: 3 },
    ),
  ),
  [ENTERPRISE_SCHEMA]: maybe(fc.record({ department: maybe(word) })),
});

const stringPaths = [
  'userName',
  'displayName',
  'title',
  'name.givenName',
  'name.familyName',
  'emails.value',
  'emails.type',
  `${ENTERPRISE_SCHEMA}:department`,
];
const toPath = (p: string) => {
  const urn = p.startsWith('urn:') ? p.slice(0, p.lastIndexOf(':')) : undefined;
  const rest = urn ? p.slice(urn.length + 1) : p;
  const [attr, sub] = rest.split('.');
  return { ...(urn ? { urn } : {}), attr: attr!, ...(sub ? { sub } : {}) };
};

const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc
    .record({
      kind: fc.constant('compare' as const),
      op: fc.constantFrom<CompareOp>('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'),
      path: fc.constantFrom(...stringPaths).map(toPath),
      value: fc.oneof(word, fc.constant(null)),
    })
    .filter((f) => f.value !== null || f.op === 'eq' || f.op === 'ne'),
  fc.record({
    kind: fc.constant('compare' as const),
    op: fc.constantFrom<CompareOp>('eq', 'ne'),
    path: fc.constant({ attr: 'active' }),
    value: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('present' as const),
    path: fc.constantFrom(...stringPaths, 'emails', 'name', 'active').map(toPath),
  }),
  fc.record({
    kind: fc.constant('valuePath' as const),
    path: fc.constant({ attr: 'emails' }),
    filter: fc.record({
      kind: fc.constant('compare' as const),
      op: fc.constantFrom<CompareOp>('eq', 'co', 'ne'),
      path: fc.constantFrom({ attr: 'type' }, { attr: 'value' }),
      value: word,
    }),
  }),
);
const filterArb: fc.Arbitrary<Filter> = fc.letrec<{ f: Filter }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('f'), right: tie('f') }),
    fc.record({ kind: fc.constant('not' as const), filter: tie('f') }),
  ),
})).f;

describe('filters compiled to SQL select what the in-memory semantics select', () => {
  it('agrees on random users and random filters', () => {
    const db = openDatabase(path.join(tempDir(), 'bench.db'), { migrations: BENCH_MIGRATIONS });
    const store = new ResourceStore(db);
    fc.assert(
      fc.property(
        fc.uniqueArray(userArb, { maxLength: 12, selector: (u) => u.userName.toLowerCase() }),
        fc.array(filterArb, { minLength: 1, maxLength: 8 }),
        (users, filters) => {
          db.exec('DELETE FROM resources');
          const rendered: JsonObject[] = users.map((u) => {
            const stored = store.create(
              'User',
              normalizeResource('User', JSON.parse(JSON.stringify(u)), new Dialect()),
            );
            return renderResource(stored, 'http://x/scim/v2', {});
          });
          for (const filter of filters) {
            const expected = rendered
              .filter((r) => matches('User', r, filter))
              .map((r) => r.id)
              .sort();
            const actual = store
              // Semantics of filters of any size: the complexity budget is tested on its own.
              .query('User', { filter, startIndex: 1, count: 1000, filterBudget: Infinity })
              .resources.map((r) => r.id)
              .sort();
            expect(actual, JSON.stringify(filter)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
    db.close();
  });
});
