/**
 * fast-check arbitraries derived from the schemas, for the property tests that hold the SQL filter
 * and sort compiler to the in-memory semantics: every attribute and sub-attribute a client can name
 * (core, enterprise extension, common `id`/`externalId`/`meta.*`, membership), resources filled from
 * the same definitions, and comparison values that may hit the data — case variants, absolute and
 * relative `$ref`s of real resources, and instants near `meta.created` written with other offsets.
 */
import fc from 'fast-check';
import type { AttrPath, CompValue, CompareOp, Filter } from '../scim/filter-parser';
import type { Json, JsonObject } from '../scim/resource';
import { COMMON_ATTRIBUTES, resourceType, schemaById, type AttrDef, type ResourceType } from '../scim/schemas';

/** Small alphabets, so random filters hit random data (case variants and a non-ASCII letter included). */
export const word = fc.stringMatching(/^[abAB_é]{0,2}$/);

export interface PathInfo {
  path: AttrPath;
  /** The definition compared: the sub-attribute, or `value` of a multi-valued complex named bare. */
  leaf: AttrDef;
  /** The top-level attribute, when the leaf is below it. */
  parent?: AttrDef;
}

/** Every path a filter or sortBy can name on `type`. */
export function schemaPaths(type: ResourceType): PathInfo[] {
  const rt = resourceType(type);
  const out: PathInfo[] = [];
  const visit = (attrs: AttrDef[], urn?: string) => {
    for (const def of attrs) {
      const base: AttrPath = { ...(urn ? { urn } : {}), attr: def.name };
      if (def.type !== 'complex') {
        out.push({ path: base, leaf: def });
        continue;
      }
      for (const sub of def.subAttributes ?? []) out.push({ path: { ...base, sub: sub.name }, leaf: sub, parent: def });
      const value = def.subAttributes?.find((s) => s.name === 'value');
      if (def.multiValued && value) out.push({ path: base, leaf: value, parent: def }); // `emails eq x`
    }
  };
  visit(schemaById(rt.schema)!.attributes);
  visit(COMMON_ATTRIBUTES);
  for (const urn of rt.extensions) visit(schemaById(urn)!.attributes, urn);
  return out;
}

/** A value of an attribute's type, for a resource body. */
function valueOf(def: AttrDef): fc.Arbitrary<Json> {
  if (def.multiValued && def.type !== 'complex')
    return fc.array(valueOf({ ...def, multiValued: false }), { maxLength: 3 });
  switch (def.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: -3, max: 3 });
    case 'decimal':
      return fc.double({ min: -3, max: 3, noNaN: true });
    case 'complex': {
      const subs = (def.subAttributes ?? []).filter(writable);
      const record = fc.record(Object.fromEntries(subs.map((s) => [s.name, valueOf(s)])), {
        requiredKeys: [],
      }) as fc.Arbitrary<JsonObject>;
      return def.multiValued ? fc.array(record, { maxLength: 3 }) : record;
    }
    default:
      return def.canonicalValues?.length ? fc.oneof(fc.constantFrom(...def.canonicalValues), word) : word;
  }
}

const writable = (def: AttrDef) => def.mutability === 'readWrite' || def.mutability === 'immutable';

/** A POST body for `type`, every writable attribute possibly present; members are added by the test. */
export function resourceBody(type: ResourceType): fc.Arbitrary<JsonObject> {
  const rt = resourceType(type);
  const core = schemaById(rt.schema)!.attributes.filter((d) => writable(d) && d.name !== 'members');
  const required = type === 'User' ? 'userName' : 'displayName';
  const optional = (attrs: AttrDef[]) =>
    fc.record(Object.fromEntries(attrs.filter((d) => d.name !== required).map((d) => [d.name, valueOf(d)])), {
      requiredKeys: [],
    }) as fc.Arbitrary<JsonObject>;
  const extensions = rt.extensions.map((urn) =>
    fc.option(optional(schemaById(urn)!.attributes.filter(writable)), { nil: undefined }).map((v) => [urn, v] as const),
  );
  return fc
    .tuple(
      fc.stringMatching(/^[abAB]{1,4}$/),
      optional([...core, ...COMMON_ATTRIBUTES.filter(writable)]),
      fc.tuple(...extensions),
    )
    .map(([name, body, ext]): JsonObject => ({
      ...body,
      [required]: name,
      ...(Object.fromEntries(ext.filter(([, v]) => v !== undefined)) as JsonObject),
    }));
}

/** A comparison value before the data exists: a literal, or a reference to a resource or instant made later. */
export type ValueSeed =
  | { literal: CompValue }
  | { resource: number; as: 'id' | 'absolute' | 'relative' }
  | { instant: number; offsetMinutes: number; digits: number };

const ORDERING: CompareOp[] = ['gt', 'lt', 'ge', 'le'];
const SUBSTRING: CompareOp[] = ['co', 'sw', 'ew'];

/** Operators and values that make sense for a leaf (invalid combinations are tested elsewhere). */
function comparisonOf(leaf: AttrDef, info: PathInfo): fc.Arbitrary<{ op: CompareOp; value: ValueSeed }> {
  const nullable = fc.record({ op: fc.constantFrom<CompareOp>('eq', 'ne'), value: fc.constant({ literal: null }) });
  if (leaf.type === 'boolean')
    return fc.oneof(
      fc.record({ op: fc.constantFrom<CompareOp>('eq', 'ne'), value: fc.boolean().map((literal) => ({ literal })) }),
      nullable,
    );
  if (leaf.type === 'integer' || leaf.type === 'decimal')
    return fc.record({
      op: fc.constantFrom<CompareOp>('eq', 'ne', ...ORDERING),
      value: fc.integer({ min: -3, max: 3 }).map((literal) => ({ literal })),
    });
  if (leaf.type === 'dateTime')
    return fc.oneof(
      fc.record({
        op: fc.constantFrom<CompareOp>('eq', 'ne', ...ORDERING),
        value: fc.record({
          instant: fc.integer({ min: -1, max: 12 }),
          offsetMinutes: fc.constantFrom(0, -420, 330, 60),
          digits: fc.constantFrom(0, 3, 7),
        }),
      }),
      nullable,
    );
  const refs =
    leaf.type === 'reference' || info.path.attr === 'id' || leaf.name === 'value'
      ? [
          fc.record({
            resource: fc.nat({ max: 12 }),
            as: fc.constantFrom<'id' | 'absolute' | 'relative'>('id', 'absolute', 'relative'),
          }),
        ]
      : [];
  const ops: CompareOp[] = ['eq', 'ne', ...SUBSTRING, ...(leaf.type === 'binary' ? [] : ORDERING)];
  return fc.oneof(
    fc.record({
      op: fc.constantFrom(...ops),
      value: fc.oneof(
        word.map((literal) => ({ literal })),
        ...refs,
      ),
    }),
    nullable,
  );
}

/** A filter over `type`, with values still to be resolved against the data (`materialize`). */
export type FilterSeed =
  | { kind: 'and' | 'or'; left: FilterSeed; right: FilterSeed }
  | { kind: 'not'; filter: FilterSeed }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'compare'; op: CompareOp; path: AttrPath; value: ValueSeed }
  | { kind: 'valuePath'; path: AttrPath; filter: FilterSeed };

export function filterSeed(type: ResourceType): fc.Arbitrary<FilterSeed> {
  const paths = schemaPaths(type);
  const compare = fc
    .constantFrom(...paths)
    .chain((info) =>
      comparisonOf(info.leaf, info).map((c) => ({ kind: 'compare' as const, path: info.path, ...c }) as FilterSeed),
    );
  const present = fc
    .constantFrom(...paths)
    .map((info) => ({ kind: 'present' as const, path: info.path }) as FilterSeed);
  const multi = paths.filter((p) => p.parent?.multiValued && p.path.sub);
  const valuePath = fc.constantFrom(...multi).chain((info) =>
    comparisonOf(info.leaf, info).map(
      (c) =>
        ({
          kind: 'valuePath',
          path: { ...(info.path.urn ? { urn: info.path.urn } : {}), attr: info.path.attr },
          filter: { kind: 'compare', path: { attr: info.path.sub! }, ...c },
        }) as FilterSeed,
    ),
  );
  const leaf = fc.oneof(
    { weight: 6, arbitrary: compare },
    { weight: 1, arbitrary: present },
    { weight: 2, arbitrary: valuePath },
  );
  return fc.letrec<{ f: FilterSeed }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('f'), right: tie('f') }),
      fc.record({ kind: fc.constant('not' as const), filter: tie('f') }),
    ),
  })).f;
}

/** The data a seed refers to: resource ids (by creation order) and the instant they were made. */
export interface Made {
  ids: { type: ResourceType; id: string }[];
  /** meta.created of the first resource, in ms. */
  createdMs: number;
  baseUrl: string;
}

function instantText(ms: number, offsetMinutes: number, digits: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString(); // the wall clock at that offset
  const [date, rest] = local.split('T') as [string, string];
  const [hms, fraction] = rest.replace('Z', '').split('.') as [string, string];
  const frac = digits === 0 ? '' : `.${(fraction + '0000000').slice(0, digits)}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone =
    offsetMinutes === 0
      ? 'Z'
      : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${date}T${hms}${frac}${zone}`;
}

function valueFrom(seed: ValueSeed, made: Made): CompValue {
  if ('literal' in seed) return seed.literal;
  if ('instant' in seed) return instantText(made.createdMs + seed.instant, seed.offsetMinutes, seed.digits);
  const target = made.ids[seed.resource % Math.max(1, made.ids.length)];
  if (!target) return 'nobody';
  const relative = `${resourceType(target.type).endpoint.slice(1)}/${target.id}`;
  return seed.as === 'id' ? target.id : seed.as === 'relative' ? relative : `${made.baseUrl}/${relative}`;
}

/** The filter a seed describes, against the data that now exists. */
export function materialize(seed: FilterSeed, made: Made): Filter {
  switch (seed.kind) {
    case 'and':
    case 'or':
      return { kind: seed.kind, left: materialize(seed.left, made), right: materialize(seed.right, made) };
    case 'not':
      return { kind: 'not', filter: materialize(seed.filter, made) };
    case 'present':
      return seed;
    case 'valuePath':
      return { kind: 'valuePath', path: seed.path, filter: materialize(seed.filter, made) };
    case 'compare':
      return { kind: 'compare', op: seed.op, path: seed.path, value: valueFrom(seed.value, made) };
  }
}
