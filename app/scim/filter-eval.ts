/**
 * Filter semantics, defined once in plain code: `checkComparison` (which comparisons make sense for
 * an attribute's type) and `matches` (does one resource satisfy a filter). The SQL compiler in
 * store/ implements the same semantics; a property test keeps the two in agreement. `matches` also
 * serves PATCH value filters (`emails[type eq "work"]`), which apply to one resource in memory.
 */
import { badRequest } from './errors';
import type { CompValue, CompareOp, Filter } from './filter-parser';
import type { Json, JsonObject } from './resource';
import { isObject } from './resource';
import { leafDef, resolveAttr } from './resolve';
import { findAttr, type AttrDef, type ResourceType } from './schemas';

const ORDERING = new Set<CompareOp>(['gt', 'lt', 'ge', 'le']);
const SUBSTRING = new Set<CompareOp>(['co', 'sw', 'ew']);

/** Folds ASCII letters only, exactly as SQLite's NOCASE and lower() do. */
export const foldCase = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Validates a comparison against the attribute's type; returns the value to compare with. */
export function checkComparison(def: AttrDef, op: CompareOp, value: CompValue, name: string): CompValue {
  const fail = (why: string) =>
    badRequest(`Cannot compare ${name} with '${op} ${JSON.stringify(value)}': ${why}`, 'invalidFilter');
  if (def.type === 'complex') throw fail('it is a complex attribute; name a sub-attribute');
  if (value === null) {
    if (op !== 'eq' && op !== 'ne') throw fail('null can only be compared with eq or ne');
    return null;
  }
  if (def.type === 'boolean') {
    if (op !== 'eq' && op !== 'ne') throw fail('booleans can only be compared with eq or ne');
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    if (typeof value !== 'boolean') throw fail('it is a boolean');
    return value;
  }
  if (def.type === 'integer' || def.type === 'decimal') {
    if (typeof value !== 'number') throw fail('it is a number');
    if (SUBSTRING.has(op)) throw fail(`${op} applies to strings`);
    return value;
  }
  if (typeof value !== 'string') throw fail('it is a string');
  if (def.type === 'binary' && ORDERING.has(op)) throw fail('binary values cannot be ordered');
  if (def.type === 'dateTime' && !SUBSTRING.has(op)) {
    const at = instant(value);
    if (at === null) throw fail('it is an xsd:dateTime, such as 2015-10-10T14:38:21.861-07:00');
    return at;
  }
  return value;
}

/**
 * A membership `$ref` (of Group.members or User.groups) names a resource, whether the client writes
 * it absolute, as the bench rendered it (`https://tunnel/scim/v2/Users/<id>`), or relative: both
 * compare as `Users/<id>`.
 */
export function refKey(ref: string): string {
  const match = /(?:^|\/)((?:Users|Groups)\/[^/?#]+)\/?$/.exec(ref);
  return match ? match[1]! : ref;
}

/** Is this a reference to one of the bench's own resources (a membership `$ref`, `meta.location`), compared by refKey? */
export const isMembershipRef = (type: ResourceType, def: AttrDef, sub: AttrDef) =>
  (sub.name === '$ref' &&
    ((type === 'Group' && def.name === 'members') || (type === 'User' && def.name === 'groups'))) ||
  (def.name === 'meta' && sub.name === 'location');

const XSD_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;

/**
 * An xsd:dateTime as the instant it names, written the way the bench stores its own (`meta.*`:
 * ISO 8601 in UTC with milliseconds), so that comparing the stored text with it compares instants
 * — any offset, any number of fractional digits (kept to the millisecond) — and indexes still
 * apply. Without an offset, UTC. Null when it is not an xsd:dateTime.
 */
export function instant(text: string): string | null {
  const match = XSD_DATE_TIME.exec(text.trim());
  if (!match) return null;
  const ms = Date.parse(match[2] ? text.trim() : `${text.trim()}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** True when the string comparison ignores case (RFC 7643 §2.2 caseExact). */
export const ignoresCase = (def: AttrDef) => !def.caseExact && def.type !== 'binary';

function compare(actual: Json | undefined, op: CompareOp, expected: CompValue, def: AttrDef): boolean {
  if (expected === null) return op === 'eq' ? actual == null : actual != null;
  if (actual == null) return op === 'ne';
  let a = actual;
  let b = expected;
  if (def.type === 'dateTime' && !SUBSTRING.has(op) && typeof a === 'string') a = instant(a) ?? a;
  if (typeof a === 'string' && typeof b === 'string' && ignoresCase(def)) {
    a = foldCase(a);
    b = foldCase(b);
  }
  if (typeof a !== typeof b) return op === 'ne';
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'co':
      return (a as string).includes(b as string);
    case 'sw':
      return (a as string).startsWith(b as string);
    case 'ew':
      return (a as string).endsWith(b as string);
    case 'gt':
      return a > b;
    case 'lt':
      return a < b;
    case 'ge':
      return a >= b;
    case 'le':
      return a <= b;
  }
}

const present = (v: Json | undefined) => v != null && v !== '' && !(Array.isArray(v) && v.length === 0);

/** The stored object that holds a top-level attribute: the body or its extension object. */
function holder(resource: JsonObject, extension: string | undefined): JsonObject | undefined {
  if (!extension) return resource;
  const ext = resource[extension];
  return isObject(ext) ? ext : undefined;
}

/** Does `resource` (its SCIM JSON form) satisfy `filter`? */
export function matches(type: ResourceType, resource: JsonObject, filter: Filter): boolean {
  switch (filter.kind) {
    case 'and':
      return matches(type, resource, filter.left) && matches(type, resource, filter.right);
    case 'or':
      return matches(type, resource, filter.left) || matches(type, resource, filter.right);
    case 'not':
      return !matches(type, resource, filter.filter);
    default:
      break;
  }
  const resolved = resolveAttr(type, filter.path);
  if (!resolved) throw badRequest(`Unknown attribute '${formatPath(filter.path)}' in filter`, 'invalidFilter');
  const { def, sub } = resolved;
  const top = holder(resource, resolved.extension)?.[def.name];
  if (filter.kind === 'valuePath') {
    if (!def.multiValued && def.type !== 'complex')
      throw badRequest(`${def.name} has no sub-attributes to filter on`, 'invalidFilter');
    const elements = Array.isArray(top) ? top : top == null ? [] : [top];
    return elements.some((e) => isObject(e) && matchesElement(def, e, filter.filter, type));
  }
  const leaf = leafDef(resolved);
  const elements = def.multiValued ? (Array.isArray(top) ? top : []) : [top];
  const pick = (e: Json | undefined) =>
    def.type === 'complex' && (sub || def.multiValued) ? (isObject(e) ? e[leaf.name] : undefined) : e;
  if (filter.kind === 'present') {
    if (def.multiValued && !sub) return elements.length > 0;
    return elements.some((e) => present(pick(e)));
  }
  const value = checkComparison(leaf, filter.op, filter.value, formatPath(filter.path));
  if (isMembershipRef(type, def, leaf))
    return elements.some((e) => compare(asRef(pick(e)), filter.op, asRef(value), leaf));
  return elements.some((e) => compare(pick(e), filter.op, value, leaf));
}

const asRef = <T>(v: T) => (typeof v === 'string' ? refKey(v) : v);

/** The inner filter of a value path, evaluated against one element of a multi-valued attribute. */
export function matchesElement(def: AttrDef, element: JsonObject, filter: Filter, type?: ResourceType): boolean {
  switch (filter.kind) {
    case 'and':
      return matchesElement(def, element, filter.left, type) && matchesElement(def, element, filter.right, type);
    case 'or':
      return matchesElement(def, element, filter.left, type) || matchesElement(def, element, filter.right, type);
    case 'not':
      return !matchesElement(def, element, filter.filter, type);
    case 'valuePath':
      throw badRequest('Value filters cannot be nested', 'invalidFilter');
    default:
      break;
  }
  const sub = elementSub(def, filter.path.attr, filter.path.sub);
  const actual = element[sub.name];
  if (filter.kind === 'present') return present(actual);
  const expected = checkComparison(sub, filter.op, filter.value, `${def.name}.${sub.name}`);
  if (type && isMembershipRef(type, def, sub)) return compare(asRef(actual), filter.op, asRef(expected), sub);
  return compare(actual, filter.op, expected, sub);
}

/** Resolves a name inside a value filter (`type` in `emails[type eq "work"]`). */
export function elementSub(def: AttrDef, attr: string, sub?: string): AttrDef {
  // Some clients repeat the parent: emails[emails.type eq "work"] — accept `parent.sub` too.
  const name =
    sub !== undefined && attr.toLowerCase() === def.name.toLowerCase() ? sub : sub === undefined ? attr : null;
  const found = name !== null ? findAttr(def.subAttributes, name) : undefined;
  if (!found) throw badRequest(`${def.name} has no sub-attribute '${sub ? `${attr}.${sub}` : attr}'`, 'invalidFilter');
  return found;
}

export const formatPath = (p: { urn?: string; attr: string; sub?: string }) =>
  `${p.urn ? p.urn + ':' : ''}${p.attr}${p.sub ? '.' + p.sub : ''}`;
