/**
 * Compiles a SCIM filter AST to a SQL condition over `resources r`, with the same semantics as
 * scim/filter-eval.ts (a property test holds them together). Lookups clients make all the time
 * (id, userName, externalId, displayName, membership) hit indexed columns and the members table;
 * the rest use JSON1, and `json_each` for multi-valued attributes.
 */
import { badRequest } from '../scim/errors';
import { checkComparison, elementSub, formatPath, ignoresCase, refKey } from '../scim/filter-eval';
import type { AttrPath, CompValue, CompareOp, Filter } from '../scim/filter-parser';
import { leafDef, resolveAttr, type ResolvedAttr } from '../scim/resolve';
import type { AttrDef, ResourceType } from '../scim/schemas';
import { Sql, join, raw, sql } from './sql';

/** A scalar SQL expression and the attribute definition it holds. */
interface Scalar {
  expr: Sql;
  def: AttrDef;
  /** The expression is a column whose declared collation already matches caseExact. */
  collated?: boolean;
  /** An index can seek `eq` on it (id, userName, externalId, displayName). */
  indexed?: boolean;
  /** How a compared value must be written to match the expression (a membership $ref). */
  normalize?: (value: string) => string;
}

/** How to iterate the elements of a multi-valued attribute and read their sub-attributes. */
interface Elements {
  from: Sql;
  field(sub: AttrDef): Scalar;
  /** The order that puts the element a sort uses first: the primary one, else the first (RFC 7644 §3.4.2.3). */
  primaryFirst: Sql;
}

const jsonPath = (keys: string[]) => '$' + keys.map((k) => `."${k}"`).join('');

// Aliases restart for every filter, so the same filter shape always yields the same SQL text and
// the store's prepared-statement cache can reuse it.
let aliasCounter = 0;
const alias = (prefix: string) => `${prefix}${++aliasCounter}`;

/** Columns for attributes with a column of their own (see migrations). */
function column(type: ResourceType, r: ResolvedAttr): Scalar | null {
  const name = r.def.name;
  const def = r.sub ?? r.def;
  if (r.extension) return null;
  if (!r.sub) {
    if (name === 'id') return { expr: raw('r.id'), def, collated: true, indexed: true };
    if (name === 'externalId') return { expr: raw('r.external_id'), def, collated: true, indexed: true };
    if (name === 'userName' && type === 'User') return { expr: raw('r.user_name'), def, collated: true, indexed: true };
    if (name === 'displayName') return { expr: raw('r.display_name'), def, collated: true, indexed: true };
    return null;
  }
  if (name !== 'meta') return null;
  switch (r.sub.name) {
    case 'created':
      return { expr: raw('r.created'), def };
    case 'lastModified':
      return { expr: raw('r.last_modified'), def };
    case 'resourceType':
      return { expr: raw('r.type'), def, collated: true };
    case 'version':
      return { expr: raw(`('W/"' || r.version || '"')`), def, collated: true };
    case 'location': // rendered as `<base>/Users/<id>`: compared as `Users/<id>`, like a membership $ref
      return { expr: raw(`(r.type || 's/' || r.id)`), def, normalize: refKey };
    default:
      return null;
  }
}

/** Group.members and User.groups live in the members table, not in the JSON body. */
function membership(type: ResourceType, def: AttrDef): Elements | null {
  const m = alias('m');
  const o = alias('o');
  if (type === 'Group' && def.name === 'members') {
    return {
      from: raw(`members ${m} JOIN resources ${o} ON ${o}.id = ${m}.member_id WHERE ${m}.group_id = r.id`),
      field: (sub) => membershipField(sub, `${m}.member_id`, o),
      primaryFirst: raw(`${m}.member_id`), // no primary; the order members are listed in
    };
  }
  if (type === 'User' && def.name === 'groups') {
    return {
      from: raw(`members ${m} JOIN resources ${o} ON ${o}.id = ${m}.group_id WHERE ${m}.member_id = r.id`),
      field: (sub) =>
        sub.name === 'type' ? { expr: raw(`'direct'`), def: sub } : membershipField(sub, `${m}.group_id`, o),
      primaryFirst: raw(`${m}.group_id`),
    };
  }
  return null;
}

/**
 * `groups.value eq "<id>"` and `members[value eq "<id>"]` — Entra's membership checks — as an index
 * seek on the members table (evaluated once), not a sub-query per row. Null when not that shape.
 */
function membershipSeek(type: ResourceType, def: AttrDef, inner: Filter): Sql | null {
  if (inner.kind !== 'compare' || inner.op !== 'eq' || typeof inner.value !== 'string') return null;
  if (inner.path.sub || inner.path.urn || inner.path.attr.toLowerCase() !== 'value') return null;
  if (type === 'Group' && def.name === 'members')
    return sql`r.id IN (SELECT group_id FROM members WHERE member_id = ${inner.value})`;
  if (type === 'User' && def.name === 'groups')
    return sql`r.id IN (SELECT member_id FROM members WHERE group_id = ${inner.value})`;
  return null;
}

function membershipField(sub: AttrDef, idColumn: string, other: string): Scalar {
  switch (sub.name) {
    case 'value':
      return { expr: raw(idColumn), def: sub, collated: true };
    case 'type': // 'User' / 'Group', compared ignoring case as members.type's schema says
      return { expr: raw(`${other}.type`), def: sub };
    case 'display': // coalesce() drops the columns' NOCASE, so it is not `collated`
      return { expr: raw(`coalesce(${other}.display_name, ${other}.user_name)`), def: sub };
    default: // $ref, compared as `Users/<id>` however the client writes it (filter-eval.ts refKey)
      return { expr: raw(`(${other}.type || 's/' || ${idColumn})`), def: sub, normalize: refKey };
  }
}

function jsonElements(r: ResolvedAttr): Elements {
  const e = alias('e');
  const keys = r.extension ? [r.extension, r.def.name] : [r.def.name];
  // A multi-valued simple attribute (a declared `tags`: ["a", "b"]) has its values as the elements;
  // json_extract on such an element is "malformed JSON", so it is compared as it is.
  const simple = r.def.type !== 'complex';
  return {
    from: sql`json_each(r.data, ${jsonPath(keys)}) ${raw(e)} WHERE 1`,
    field: (sub) =>
      simple
        ? { expr: raw(`${e}.value`), def: sub }
        : { expr: sql`json_extract(${raw(e)}.value, ${jsonPath([sub.name])})`, def: sub },
    primaryFirst: simple ? raw(`${e}.key`) : raw(`json_extract(${e}.value, '$.primary') IS 1 DESC, ${e}.key`),
  };
}

function resolve(type: ResourceType, path: AttrPath): ResolvedAttr {
  const r = resolveAttr(type, path);
  if (!r) throw badRequest(`Unknown attribute '${formatPath(path)}' in filter`, 'invalidFilter');
  return r;
}

/**
 * The condition for a comparison. Never NULL (so NOT and OR behave as in filter-eval), and written
 * with IS / IS NOT / `x IS NOT NULL AND …` rather than coalesce(), which would hide the column from
 * the indexes.
 */
function comparison(s: Scalar, op: CompareOp, value: CompValue, name: string): Sql {
  const checked = checkComparison(s.def, op, value, name);
  const v = typeof checked === 'string' && s.normalize ? s.normalize(checked) : checked;
  const L = s.expr;
  if (v === null) return op === 'eq' ? sql`(${L} IS NULL)` : sql`(${L} IS NOT NULL)`;
  const param = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  const nocase = typeof v === 'string' && ignoresCase(s.def);
  const collate = raw(nocase && !s.collated ? ' COLLATE NOCASE' : '');
  const folded = (x: Sql | string) => (nocase ? sql`lower(${x})` : x instanceof Sql ? x : sql`${x}`);
  switch (op) {
    case 'eq':
      return sql`${L} IS ${param}${collate}`;
    case 'ne':
      return sql`${L} IS NOT ${param}${collate}`;
    case 'gt':
      return sql`(${L} IS NOT NULL AND ${L} > ${param}${collate})`;
    case 'lt':
      return sql`(${L} IS NOT NULL AND ${L} < ${param}${collate})`;
    case 'ge':
      return sql`(${L} IS NOT NULL AND ${L} >= ${param}${collate})`;
    case 'le':
      return sql`(${L} IS NOT NULL AND ${L} <= ${param}${collate})`;
    case 'co':
      return sql`(typeof(${L}) = 'text' AND instr(${folded(L)}, ${folded(String(param))}) > 0)`;
    case 'sw':
      return sql`(typeof(${L}) = 'text' AND instr(${folded(L)}, ${folded(String(param))}) = 1)`;
    case 'ew':
      if (param === '') return sql`(typeof(${L}) = 'text')`;
      return sql`(typeof(${L}) = 'text' AND substr(${folded(L)}, -length(${param})) = ${folded(String(param))})`;
  }
}

const presentSql = (L: Sql) => sql`(${L} IS NOT NULL AND ${L} <> '')`;

/**
 * The complexity budget of one filter. SQLite runs a filter on the engine's only thread, so one
 * request with an 8 KB chain of `groups.value eq … or …` once held every other request for 27 s.
 * Each comparison costs by how SQLite must answer it: `eq` on an indexed column (id, userName,
 * externalId, displayName) 1, any other comparison 2 (read per row; 4 for co/sw/ew, which scan
 * text), one over a multi-valued attribute 10 (a sub-query per row). Measured worst cases within
 * the budget are in docs/benchmarks.md.
 */
export const FILTER_BUDGET = 50;
// Beyond the per-row budget, a filter that no index narrows (and a sortBy) also pays per row
// tested: see SCAN_BUDGET.
export const FILTER_COSTS = { indexed: 1, scalar: 2, substring: 4, multiValued: 10 } as const;

interface Cost {
  total: number;
  comparisons: number;
  multiValued: string[];
}

let cost: Cost = { total: 0, comparisons: 0, multiValued: [] };
let budget = FILTER_BUDGET;

function charge(kind: keyof typeof FILTER_COSTS, name: string, amount: number = FILTER_COSTS[kind]): void {
  cost.total += amount;
  cost.comparisons++;
  if (kind === 'multiValued' && !cost.multiValued.includes(name)) cost.multiValued.push(name);
  if (cost.total <= budget) return;
  throw badRequest(
    `This filter is too complex to run without holding up other requests: past ${cost.comparisons} comparisons` +
      (cost.multiValued.length ? ` (some over multi-valued attributes: ${cost.multiValued.join(', ')})` : '') +
      ` it exceeds the budget of ${FILTER_BUDGET}, where "eq" costs ${FILTER_COSTS.indexed} on id, userName, ` +
      `externalId or displayName, a comparison costs ${FILTER_COSTS.scalar} on other attributes (` +
      `${FILTER_COSTS.substring} for co, sw and ew) and ${FILTER_COSTS.multiValued} over a multi-valued attribute. ` +
      'Split it into several requests, or look resources up by id, userName or externalId.',
    'invalidFilter',
  );
}

export interface CompiledFilter {
  where: Sql;
  /** What the filter costs for each row it has to test (the units of FILTER_COSTS). */
  costPerRow: number;
  /** An index narrows it to a few rows (an `eq` on an indexed column, or a membership seek, ANDed in). */
  seekable: boolean;
}

/** The condition for a filter over `resources r` of one type; throws `400 invalidFilter` past the budget. */
export function compileFilter(type: ResourceType, filter: Filter, filterBudget = FILTER_BUDGET): CompiledFilter {
  aliasCounter = 0;
  cost = { total: 0, comparisons: 0, multiValued: [] };
  budget = filterBudget;
  const where = compile(type, filter);
  return { where, costPerRow: cost.total, seekable: seekable(type, filter) };
}

/**
 * Does an index narrow the filter to a few rows? An `eq` on an indexed column or a membership
 * check does; `and` needs one side that does, `or` both. Everything else tests every row.
 */
function seekable(type: ResourceType, filter: Filter): boolean {
  switch (filter.kind) {
    case 'and':
      return seekable(type, filter.left) || seekable(type, filter.right);
    case 'or':
      return seekable(type, filter.left) && seekable(type, filter.right);
    case 'not':
    case 'present':
      return false;
    case 'valuePath': {
      const r = resolveAttr(type, filter.path);
      return !!r && isMembership(type, r.def) && isMembershipEq(filter.filter);
    }
    case 'compare': {
      if (filter.op !== 'eq' || filter.value === null) return false;
      const r = resolveAttr(type, filter.path);
      if (!r) return false;
      if (r.def.multiValued)
        return isMembership(type, r.def) && (r.sub?.name ?? 'value') === 'value' && typeof filter.value === 'string';
      return !!column(type, r)?.indexed;
    }
  }
}

const isMembership = (type: ResourceType, def: AttrDef) =>
  (type === 'Group' && def.name === 'members') || (type === 'User' && def.name === 'groups');

const isMembershipEq = (inner: Filter) =>
  inner.kind === 'compare' &&
  inner.op === 'eq' &&
  typeof inner.value === 'string' &&
  !inner.path.sub &&
  inner.path.attr.toLowerCase() === 'value';

function compile(type: ResourceType, filter: Filter): Sql {
  switch (filter.kind) {
    case 'and':
      return sql`(${compile(type, filter.left)} AND ${compile(type, filter.right)})`;
    case 'or':
      return compileOr(type, filter);
    case 'not':
      return sql`(NOT ${compile(type, filter.filter)})`;
    default:
      break;
  }
  const r = resolve(type, filter.path);
  const name = formatPath(filter.path);
  const multi = r.def.multiValued ? (membership(type, r.def) ?? jsonElements(r)) : null;

  if (filter.kind === 'valuePath') {
    if (!multi)
      throw badRequest(
        `${r.def.name} is not multi-valued; a value filter needs a multi-valued attribute`,
        'invalidFilter',
      );
    const seek = membershipSeek(type, r.def, filter.filter);
    if (seek) return (charge('indexed', name), seek);
    // A sub-query per row, and inside it each comparison runs once per element (charged there);
    // a value filter of one comparison costs what a comparison over the attribute does.
    charge('multiValued', r.def.name, FILTER_COSTS.multiValued - FILTER_COSTS.scalar);
    return sql`EXISTS (SELECT 1 FROM ${multi.from} AND ${compileElement(r.def, multi, filter.filter)})`;
  }
  if (multi) {
    const seek = filter.kind === 'compare' && !r.sub ? membershipSeek(type, r.def, filter) : null;
    const seekSub =
      filter.kind === 'compare' && r.sub
        ? membershipSeek(type, r.def, { ...filter, path: { attr: r.sub.name } })
        : null;
    if (seek ?? seekSub) return (charge('indexed', name), (seek ?? seekSub)!);
    charge('multiValued', name);
    if (filter.kind === 'present' && !r.sub) return sql`EXISTS (SELECT 1 FROM ${multi.from})`;
    const field = multi.field(leafDef(r));
    const cond = filter.kind === 'present' ? presentSql(field.expr) : comparison(field, filter.op, filter.value, name);
    return sql`EXISTS (SELECT 1 FROM ${multi.from} AND ${cond})`;
  }
  const scalar = scalarOf(type, r);
  charge(
    scalar.indexed && filter.kind === 'compare' && filter.op === 'eq'
      ? 'indexed'
      : filter.kind === 'compare' && SUBSTRING_OPS.has(filter.op)
        ? 'substring'
        : 'scalar',
    name,
  );
  if (filter.kind === 'present') return presentSql(scalar.expr);
  return comparison(scalar, filter.op, filter.value, name);
}

const SUBSTRING_OPS = new Set<CompareOp>(['co', 'sw', 'ew']);

/**
 * An `or` chain. Clients batch lookups as `userName eq "a" or userName eq "b" or …`; SQLite seeks
 * an index for such a chain only as `IN (…)` (not for the `IS` the comparisons use to stay
 * NULL-free), so `eq` terms on the same indexed column become one `col IS NOT NULL AND col IN (…)`
 * — the same truth table, never NULL — and the rest stay as they were.
 */
function compileOr(type: ResourceType, filter: Filter): Sql {
  const terms: Filter[] = [];
  const flatten = (f: Filter): void => {
    if (f.kind === 'or') {
      flatten(f.left);
      flatten(f.right);
    } else terms.push(f);
  };
  flatten(filter);
  const byColumn = new Map<string, { scalar: Scalar; values: unknown[] }>();
  const rest: Sql[] = [];
  for (const term of terms) {
    const r = term.kind === 'compare' && term.op === 'eq' && term.value !== null ? resolveAttr(type, term.path) : null;
    const col = r && !r.def.multiValued ? column(type, r) : null;
    if (term.kind !== 'compare' || !r || !col?.collated) {
      rest.push(compile(type, term));
      continue;
    }
    const name = formatPath(term.path);
    charge(col.indexed ? 'indexed' : 'scalar', name);
    const value = checkComparison(col.def, 'eq', term.value, name);
    const group = byColumn.get(col.expr.text) ?? { scalar: col, values: [] };
    byColumn.set(col.expr.text, group);
    group.values.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
  }
  const seeks = [...byColumn.values()].map(({ scalar, values }) =>
    values.length === 1
      ? sql`${scalar.expr} IS ${values[0]}`
      : sql`(${scalar.expr} IS NOT NULL AND ${scalar.expr} IN (${join(
          values.map((v) => sql`${v}`),
          ', ',
        )}))`,
  );
  return sql`(${join([...seeks, ...rest], ' OR ')})`;
}

function scalarOf(type: ResourceType, r: ResolvedAttr): Scalar {
  const col = column(type, r);
  if (col) return col;
  const keys = [...(r.extension ? [r.extension] : []), r.def.name, ...(r.sub ? [r.sub.name] : [])];
  return { expr: sql`json_extract(r.data, ${jsonPath(keys)})`, def: r.sub ?? r.def };
}

function compileElement(def: AttrDef, elements: Elements, filter: Filter): Sql {
  switch (filter.kind) {
    case 'and':
      return sql`(${compileElement(def, elements, filter.left)} AND ${compileElement(def, elements, filter.right)})`;
    case 'or':
      return sql`(${compileElement(def, elements, filter.left)} OR ${compileElement(def, elements, filter.right)})`;
    case 'not':
      return sql`(NOT ${compileElement(def, elements, filter.filter)})`;
    case 'valuePath':
      throw badRequest('Value filters cannot be nested', 'invalidFilter');
    default:
      break;
  }
  const sub = elementSub(def, filter.path.attr, filter.path.sub);
  const field = elements.field(sub);
  // Runs once per element of every row the sub-query visits.
  charge(filter.kind === 'compare' && SUBSTRING_OPS.has(filter.op) ? 'substring' : 'scalar', `${def.name}.${sub.name}`);
  if (filter.kind === 'present') return presentSql(field.expr);
  return comparison(field, filter.op, filter.value, `${def.name}.${sub.name}`);
}

/**
 * An ORDER BY expression for `sortBy` (RFC 7644 §3.4.2.3): a multi-valued attribute sorts by its
 * primary value, else its first; strings that ignore case sort ignoring case.
 */
export function compileSortKey(type: ResourceType, path: AttrPath): { expr: Sql; costPerRow: number } {
  aliasCounter = 100; // its own subquery: distinct from the filter's aliases, and deterministic
  const r = resolveAttr(type, path);
  if (!r) throw badRequest(`Unknown attribute '${formatPath(path)}' in sortBy`, 'invalidValue');
  if (r.def.multiValued) {
    const multi = membership(type, r.def) ?? jsonElements(r);
    const field = multi.field(leafDef(r));
    const key = sql`(SELECT ${field.expr} FROM ${multi.from} ORDER BY ${multi.primaryFirst} LIMIT 1)`;
    const expr = field.collated || !ignoresCase(field.def) ? key : sql`${key} COLLATE NOCASE`;
    return { expr, costPerRow: FILTER_COSTS.multiValued }; // a sub-query per row sorted
  }
  if (r.def.type === 'complex' && !r.sub)
    throw badRequest(`sortBy needs a sub-attribute of ${r.def.name}`, 'invalidValue');
  const scalar = scalarOf(type, r);
  const expr = scalar.collated || !ignoresCase(scalar.def) ? scalar.expr : sql`${scalar.expr} COLLATE NOCASE`;
  return { expr, costPerRow: column(type, r) ? 0 : FILTER_COSTS.scalar };
}

/**
 * How much work one request may make SQLite do when no index narrows it: cost per row × rows.
 * Measured at 0.25–0.4 µs a unit (`npm run bench`, workload 6), the worst is about 0.1–0.2 s.
 */
export const SCAN_BUDGET = 500_000;
