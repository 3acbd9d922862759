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
  return value;
}

/** True when the string comparison ignores case (RFC 7643 §2.2 caseExact). */
export const ignoresCase = (def: AttrDef) => !def.caseExact && def.type !== 'binary';

function compare(actual: Json | undefined, op: CompareOp, expected: CompValue, def: AttrDef): boolean {
  if (expected === null) return op === 'eq' ? actual == null : actual != null;
  if (actual == null) return op === 'ne';
  let a = actual;
  let b = expected;
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
    return elements.some((e) => isObject(e) && matchesElement(def, e, filter.filter));
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
  return elements.some((e) => compare(pick(e), filter.op, value, leaf));
}

/** The inner filter of a value path, evaluated against one element of a multi-valued attribute. */
export function matchesElement(def: AttrDef, element: JsonObject, filter: Filter): boolean {
  switch (filter.kind) {
    case 'and':
      return matchesElement(def, element, filter.left) && matchesElement(def, element, filter.right);
    case 'or':
      return matchesElement(def, element, filter.left) || matchesElement(def, element, filter.right);
    case 'not':
      return !matchesElement(def, element, filter.filter);
    case 'valuePath':
      throw badRequest('Value filters cannot be nested', 'invalidFilter');
    default:
      break;
  }
  const sub = elementSub(def, filter.path.attr, filter.path.sub);
  const actual = element[sub.name];
  if (filter.kind === 'present') return present(actual);
  return compare(actual, filter.op, checkComparison(sub, filter.op, filter.value, `${def.name}.${sub.name}`), sub);
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
