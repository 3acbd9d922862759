/**
 * Properties that hold the SQL the store runs to the in-memory definition of the semantics, on
 * random data generated from the schemas (app/test/schema-arbitraries.ts):
 * - a filter selects exactly the resources `matches` (scim/filter-eval.ts) selects — Users and
 *   Groups, every attribute path, membership, `$ref`s, `meta.*` instants;
 * - `sortBy` orders them as RFC 7644 §3.4.2.3 says (primary value of a multi-valued attribute,
 *   case folded unless caseExact, no value last when ascending), ties in creation order.
 */
import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dialect } from '../scim/dialect';
import { foldCase, ignoresCase, matches } from '../scim/filter-eval';
import { normalizeResource, type Json, type JsonObject } from '../scim/resource';
import { endpointSchemaSchema } from '../../shared/custom-schema';
import { schemaSetOf } from '../scim/schema-set';
import { BUILT_IN_SCHEMAS, withSchemas, type ResourceType, type SchemaSet } from '../scim/schemas';
import { renderResource } from '../service/render';
import {
  filterSeed,
  materialize,
  resourceBody,
  schemaPaths,
  type Made,
  type PathInfo,
} from '../test/schema-arbitraries';
import { tempDir } from '../test/temp-dir';
import { openDatabase, type Db } from './database';
import { BENCH_MIGRATIONS } from './migrations';
import { ResourceStore } from './resource-store';

const BASE = 'http://bench.test/scim/v2';

const makeData = () =>
  fc.record({
    users: fc.uniqueArray(resourceBody('User'), { maxLength: 8, selector: (u) => String(u.userName).toLowerCase() }),
    groups: fc.uniqueArray(
      fc.record({ body: resourceBody('Group'), members: fc.array(fc.nat({ max: 12 }), { maxLength: 5 }) }),
      { maxLength: 3, selector: (g) => String(g.body.displayName).toLowerCase() },
    ),
  });

/** Creates the data; returns the store, what was made, and every resource as a client would see it. */
type Data = ReturnType<typeof makeData> extends fc.Arbitrary<infer T> ? T : never;

function build(db: Db, store: ResourceStore, data: Data) {
  db.exec('DELETE FROM members; DELETE FROM resources');
  const made: Made = { ids: [], createdMs: 0, baseUrl: BASE };
  for (const body of data.users) {
    const user = store.create('User', normalizeResource('User', structuredClone(body), new Dialect()));
    made.ids.push({ type: 'User', id: user.id });
  }
  for (const { body, members } of data.groups) {
    const group = store.create('Group', normalizeResource('Group', structuredClone(body), new Dialect()));
    const memberIds = members
      .map((i: number) => made.ids[i % Math.max(1, made.ids.length)]?.id)
      .filter(Boolean) as string[];
    if (memberIds.length) store.addMembers(group.id, new Set(memberIds));
    made.ids.push({ type: 'Group', id: group.id });
  }
  const rendered = (type: ResourceType): JsonObject[] =>
    store.query(type, { startIndex: 1, count: 1000 }).resources.map((r) =>
      renderResource(r, BASE, {
        members: type === 'Group' ? store.members(r.id) : undefined,
        groups: type === 'User' ? store.groupsOf(r.id) : undefined,
      }),
    );
  const first =
    store.query('User', { startIndex: 1, count: 1 }).resources[0] ??
    store.query('Group', { startIndex: 1, count: 1 }).resources[0];
  made.createdMs = first ? Date.parse(first.created) : Date.now();
  return { made, rendered };
}

/** Runs `fn`, returning what it returned or the SCIM error it threw (both sides must agree on either). */
function outcome<T>(fn: () => T): { ok: T } | { error: string } {
  try {
    return { ok: fn() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function withStore(run: (db: Db, store: ResourceStore) => void) {
  const db = openDatabase(path.join(tempDir(), 'bench.db'), { migrations: BENCH_MIGRATIONS });
  try {
    run(db, new ResourceStore(db));
  } finally {
    db.close();
  }
}

function filterSuite(label: string, set: SchemaSet, numRuns: number) {
  describe(`filters compiled to SQL select what the in-memory semantics select (${label})`, () => {
    for (const type of ['User', 'Group'] as const) {
      it(`on random ${type}s, for paths generated from the schemas`, () =>
        withStore((db, store) =>
          withSchemas(set, () =>
            fc.assert(
              fc.property(makeData(), fc.array(filterSeed(type), { minLength: 1, maxLength: 6 }), (data, seeds) => {
                const { made, rendered } = build(db, store, data);
                const all = rendered(type);
                for (const seed of seeds) {
                  const filter = materialize(seed, made);
                  const expected = outcome(() =>
                    all
                      .filter((r) => matches(type, r, filter))
                      .map((r) => r.id)
                      .sort(),
                  );
                  const actual = outcome(() =>
                    store
                      // Semantics of filters of any size: the complexity budget is tested on its own.
                      .query(type, { filter, startIndex: 1, count: 1000, filterBudget: Infinity })
                      .resources.map((r) => r.id)
                      .sort(),
                  );
                  expect(actual, JSON.stringify(filter)).toEqual(expected);
                }
              }),
              { numRuns },
            ),
          ),
        ));
    }
  });
}

/** The value RFC 7644 §3.4.2.3 sorts a resource by: the attribute's, or its primary (else first) element's. */
function sortValue(resource: JsonObject, info: PathInfo): Json | undefined {
  const holder = info.path.urn ? (resource[info.path.urn] as JsonObject | undefined) : resource;
  const top = holder?.[info.path.attr];
  if (!info.parent) return Array.isArray(top) ? (top[0] as Json | undefined) : top; // multi-valued simple: the first
  const elements = info.parent.multiValued
    ? Array.isArray(top)
      ? (top as JsonObject[])
      : []
    : top
      ? [top as JsonObject]
      : [];
  const chosen = elements.find((e) => e.primary === true) ?? elements[0];
  return chosen?.[info.leaf.name];
}

function reference(resources: JsonObject[], info: PathInfo, descending: boolean): string[] {
  const key = (r: JsonObject) => {
    const v = sortValue(r, info);
    if (v === undefined || v === null) return null;
    if (typeof v === 'boolean') return v ? 1 : 0;
    return typeof v === 'string' && ignoresCase(info.leaf) ? foldCase(v) : v;
  };
  const order = resources.map((r, i) => ({ id: r.id as string, k: key(r), i }));
  order.sort((a, b) => {
    if (a.k === b.k) return a.i - b.i; // ties: creation order, whichever direction
    if (a.k === null) return descending ? -1 : 1; // no value: last when ascending, first when descending
    if (b.k === null) return descending ? 1 : -1;
    const c = a.k < b.k ? -1 : 1;
    return descending ? -c : c;
  });
  return order.map((o) => o.id);
}

function sortSuite(label: string, set: SchemaSet, numRuns: number) {
  describe(`sortBy (${label})`, () => {
    it('orders Users by any sortable path as RFC 7644 §3.4.2.3 says', () =>
      withStore((db, store) =>
        withSchemas(set, () => {
          const sortable = schemaPaths('User').filter((p) => p.leaf.type !== 'complex' && p.path.attr !== 'password');
          fc.assert(
            fc.property(makeData(), fc.constantFrom(...sortable), fc.boolean(), (data, info, descending) => {
              const { rendered } = build(db, store, data);
              const expected = reference(rendered('User'), info, descending);
              const actual = store
                .query('User', {
                  sortBy: info.path,
                  sortOrder: descending ? 'descending' : 'ascending',
                  startIndex: 1,
                  count: 1000,
                })
                .resources.map((r) => r.id);
              expect(actual, `${JSON.stringify(info.path)} ${descending ? 'descending' : 'ascending'}`).toEqual(
                expected,
              );
            }),
            { numRuns },
          );
        }),
      ));
  });
}

/**
 * A declared extension with every type a client can compare (strings with and without caseExact,
 * boolean, integer, decimal, multi-valued, complex single- and multi-valued with a primary), so
 * custom attributes are held to the same semantics as the core ones.
 */
const DECLARED = schemaSetOf(
  endpointSchemaSchema.parse({
    extensions: [
      {
        id: 'urn:test:schemas:extension:declared:2.0:User',
        name: 'Declared',
        resourceType: 'User',
        attributes: [
          { name: 'code', type: 'string', caseExact: true },
          { name: 'label', type: 'string', canonicalValues: ['a', 'B'] },
          { name: 'flag', type: 'boolean' },
          { name: 'level', type: 'integer' },
          { name: 'ratio', type: 'decimal' },
          { name: 'tags', type: 'string', multiValued: true },
          {
            name: 'spot',
            type: 'complex',
            subAttributes: [
              { name: 'row', type: 'integer' },
              { name: 'seat', type: 'string' },
            ],
          },
          {
            name: 'phones',
            type: 'complex',
            multiValued: true,
            subAttributes: [
              { name: 'value', type: 'string' },
              { name: 'kind', type: 'string', canonicalValues: ['work', 'home'] },
              { name: 'primary', type: 'boolean' },
            ],
          },
        ],
      },
    ],
  }),
);

filterSuite('built-in schemas', BUILT_IN_SCHEMAS, 250);
filterSuite('a declared extension', DECLARED, 150);
sortSuite('built-in schemas', BUILT_IN_SCHEMAS, 250);
sortSuite('a declared extension', DECLARED, 150);
