/**
 * PATCH (RFC 7644 §3.5.2) applied to a resource's stored body, all operations or none. Group
 * membership is not materialised: member operations come out as an ordered list of changes for the
 * members table, so adding one member to a 50,000-member group touches one row.
 */
import { Dialect } from './dialect';
import { badRequest } from './errors';
import { matchesElement } from './filter-eval';
import { parseAttrPath, parsePatchPath, type AttrPath, type Filter } from './filter-parser';
import {
  blank,
  checkValueCount,
  coerceValue,
  isCustomExtension,
  isObject,
  plainCopy,
  SECRET_NAME,
  schemasOf,
  type Json,
  type JsonObject,
} from './resource';
import { clientPath, wholeExtension } from './client-paths';
import { normalizeElement } from './filter-dialect';
import { resolveAttr, type ResolvedAttr } from './resolve';
import { attributeNames, closest, knownSchemaNear } from './suggest';
import { resourceType, findAttr, type AttrDef, type ResourceType } from './schemas';

export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** Operations per request; Entra sends at most a few hundred members per PATCH. */
export const MAX_PATCH_OPERATIONS = 10_000;

export type MemberChange = { kind: 'add' | 'remove'; ids: string[] } | { kind: 'clear' };

export interface PatchOutcome {
  data: JsonObject;
  members: MemberChange[];
}

type Op = 'add' | 'replace' | 'remove';

interface Target {
  resolved: ResolvedAttr;
  filter?: Filter;
  /** Sub-attribute to change inside each matched element. */
  sub?: AttrDef;
}

export function applyPatch(
  type: ResourceType,
  current: JsonObject,
  body: unknown,
  dialect: Dialect,
  id?: string,
): PatchOutcome {
  if (!isObject(body)) throw badRequest('The PATCH body must be a JSON object', 'invalidSyntax');
  const schemas = body.schemas;
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_SCHEMA.toLowerCase())
  )
    dialect.accept('patch-schema-missing', `did not list ${PATCH_SCHEMA} in schemas`);
  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0)
    throw badRequest('A PATCH needs a non-empty "Operations" array', 'invalidSyntax');
  if (operations.length > MAX_PATCH_OPERATIONS)
    throw badRequest(`A PATCH may carry at most ${MAX_PATCH_OPERATIONS} operations`, 'tooMany');

  const patch = new Patcher(type, structuredClone(current), dialect, id);
  operations.forEach((raw, index) => {
    if (!isObject(raw)) throw badRequest(`Operations[${index}] must be an object`, 'invalidSyntax');
    patch.apply(dialect.op(raw.op), raw.path, raw.value, index);
  });
  patch.finish();
  return { data: patch.data, members: patch.members };
}

/** Values tested against PATCH value filters in one request: 10,000 operations × 1,000 values would freeze the bench. */
export const MAX_FILTERED_VALUES = 200_000;

class Patcher {
  readonly members: MemberChange[] = [];
  private filtered = 0;

  constructor(
    private readonly type: ResourceType,
    readonly data: JsonObject,
    private readonly dialect: Dialect,
    /** The resource's id (a column, not in `data`): a client restating it changes nothing. */
    private readonly id?: string,
  ) {}

  apply(op: Op, path: unknown, value: Json | undefined, index: number): void {
    if (path === undefined || path === null || path === '') {
      if (op === 'remove') throw badRequest(`Operations[${index}]: remove needs a path`, 'noTarget');
      if (!isObject(value))
        throw badRequest(`Operations[${index}]: without a path, value must be an object of attributes`, 'invalidValue');
      this.applyPathless(op, value);
      return;
    }
    if (typeof path !== 'string') throw badRequest(`Operations[${index}]: path must be a string`, 'invalidPath');
    const whole = this.wholeExtension(path);
    if (whole) return this.applyWholeExtension(op, whole, value, index);
    const parsed = parsePatchPath(path);
    const attrPath = clientPath(this.type, parsed.path, this.dialect);
    if (attrPath.urn && !parsed.filter && !resolveAttr(this.type, attrPath) && this.isCustom(attrPath.urn)) {
      this.applyCustom(op, attrPath.urn, attrPath.sub ? `${attrPath.attr}.${attrPath.sub}` : attrPath.attr, value);
      return;
    }
    const subs = parsed.filter ? resolveAttr(this.type, attrPath)?.def.subAttributes : undefined;
    const filter = parsed.filter && subs ? normalizeElement(subs, parsed.filter, this.dialect) : parsed.filter;
    const target = this.target(attrPath, filter, parsed.sub, value);
    if (target) this.applyTarget(op, target, value);
  }

  /**
   * A path that is exactly an extension's URN addresses the whole extension object (RFC 7644
   * §3.5.2, §3.10): add and replace merge `value` into it, remove removes it. Custom extensions
   * are recognised by Entra's shape (`…:2.0:User`) or by being stored already.
   */
  private wholeExtension(path: string): string | undefined {
    const known = wholeExtension(this.type, path);
    if (known) return known;
    const trimmed = path.trim();
    const stored = Object.keys(this.data).find(
      (k) => isCustomExtension(k) && k.toLowerCase() === trimmed.toLowerCase(),
    );
    if (stored) return stored;
    return isCustomExtension(trimmed) && new RegExp(`:${this.type}$`, 'i').test(trimmed) && this.isCustom(trimmed)
      ? trimmed
      : undefined;
  }

  private applyWholeExtension(op: Op, urn: string, value: Json | undefined, index: number): void {
    if (op === 'remove') {
      delete this.data[urn];
      return;
    }
    if (!isObject(value))
      throw badRequest(`Operations[${index}]: ${op} of ${urn} needs an object of its attributes`, 'invalidValue');
    const known = resourceType(this.type).extensions.includes(urn);
    for (const [attr, inner] of Object.entries(value)) {
      if (attr.toLowerCase() === 'schemas') continue; // some clients repeat the extension's schema list
      if (!known) {
        this.applyCustom(op, urn, attr, inner);
        continue;
      }
      const target = this.target({ urn, attr }, undefined, undefined, inner);
      if (target) this.applyTarget(op, target, inner);
    }
  }

  /** A URN the bench does not define, taken as a custom extension — unless it is a known one misspelt. */
  private isCustom(urn: string): boolean {
    if (!isCustomExtension(urn)) return false;
    const meant = knownSchemaNear(urn);
    if (meant) throw badRequest(`${urn} is not a schema this bench knows; did you mean ${meant}?`, 'invalidPath');
    return true;
  }

  /** `value` is an object of attribute → value; keys may be URN-qualified or dotted (Entra). */
  private applyPathless(op: Op, value: JsonObject): void {
    const extensions = resourceType(this.type).extensions;
    for (const [key, v] of Object.entries(value)) {
      if (key.toLowerCase() === 'schemas') continue;
      const extension = extensions.find((urn) => urn.toLowerCase() === key.toLowerCase());
      if (extension) {
        if (!isObject(v)) throw badRequest(`${extension} must be an object`, 'invalidValue');
        for (const [attr, inner] of Object.entries(v)) {
          const target = this.target({ urn: extension, attr }, undefined, undefined, inner);
          if (target) this.applyTarget(op, target, inner);
        }
        continue;
      }
      if (isObject(v) && this.isCustom(key)) {
        for (const [attr, inner] of Object.entries(v)) this.applyCustom(op, key, attr, inner);
        continue;
      }
      const parsedKey = parseAttrPath(key);
      if (!parsedKey) throw badRequest(`'${key}' is not an attribute path`, 'invalidPath');
      const path = clientPath(this.type, parsedKey, this.dialect);
      if (path.urn && !resolveAttr(this.type, path) && this.isCustom(path.urn)) {
        this.applyCustom(op, path.urn, path.sub ? `${path.attr}.${path.sub}` : path.attr, v);
        continue;
      }
      if (path.urn)
        this.dialect.accept('pathless-urn-key', `used the schema-qualified key "${key}" in a PATCH without a path`);
      else if (path.sub)
        this.dialect.accept('pathless-dotted-key', `used the dotted key "${key}" in a PATCH without a path`);
      const target = this.target(path, undefined, undefined, v);
      if (target) this.applyTarget(op, target, v);
    }
  }

  private target(path: AttrPath, filter?: Filter, subName?: string, value?: Json): Target | null {
    const resolved = resolveAttr(this.type, path);
    const name = `${path.urn ? path.urn + ':' : ''}${path.attr}${path.sub ? '.' + path.sub : ''}`;
    if (!resolved) {
      // RFC 7644 §3.5.2: the path must name an attribute. Answering 200 with nothing changed would
      // teach the user that their app stored it.
      const meant = closest(name, attributeNames(this.type)); // once: this throws
      throw badRequest(
        `${name} is not an attribute of ${this.type}, so nothing was changed${meant ? `; did you mean ${meant}?` : '.'} ` +
          'The attributes this bench knows are at /Schemas; an attribute of your own goes in an extension ' +
          `schema, e.g. "urn:ietf:params:scim:schemas:extension:YourApp:2.0:${this.type}:${path.attr}".`,
        'invalidPath',
      );
    }
    if (resolved.def.mutability === 'readOnly' || resolved.sub?.mutability === 'readOnly') {
      // Okta repeats `id` in a path-less replace: restating a value is not changing it.
      const current = resolved.def.name === 'id' ? this.id : undefined;
      if (!(current !== undefined && value === current))
        this.dialect.accept('read-only', `tried to change the read-only attribute ${name}, which was ignored`);
      return null;
    }
    if (resolved.def.mutability === 'writeOnly') {
      this.dialect.secret(value);
      this.dialect.inform('password-not-stored', `sent ${name}; SCIM Bench accepts passwords but never stores them`);
      return null;
    }
    if (filter && !resolved.def.multiValued)
      throw badRequest(`${resolved.def.name} is not multi-valued, so it cannot take a value filter`, 'invalidPath');
    const sub = subName !== undefined ? findAttr(resolved.def.subAttributes, subName) : undefined;
    if (subName !== undefined && !sub)
      throw badRequest(`${resolved.def.name} has no sub-attribute '${subName}'`, 'invalidPath');
    return { resolved, ...(filter ? { filter } : {}), ...(sub ? { sub } : {}) };
  }

  private holder(resolved: ResolvedAttr, create: boolean): JsonObject | undefined {
    if (!resolved.extension) return this.data;
    const existing = this.data[resolved.extension];
    if (isObject(existing)) return existing;
    if (!create) return undefined;
    const made: JsonObject = {};
    this.data[resolved.extension] = made;
    return made;
  }

  private applyTarget(op: Op, target: Target, value: Json | undefined): void {
    const { def, sub } = target.resolved;
    if (this.type === 'Group' && def.name === 'members') return this.applyMembers(op, target, value);
    if (op !== 'remove' && value === undefined) throw badRequest(`${op} of ${def.name} needs a value`, 'invalidValue');
    const holder = this.holder(target.resolved, op !== 'remove');
    if (!holder) return;
    const where = sub ? `${def.name}.${sub.name}` : def.name;

    if (target.filter) return this.applyFiltered(op, target, holder, value);
    if (sub && def.multiValued) {
      // emails.value without a filter: every element — and with none there is nothing to change.
      if (op !== 'remove' && !arrayOf(holder[def.name]).length)
        throw badRequest(
          `${def.name} has no values, so there is no ${where} to ${op}; add ${def.name} with a list of values instead`,
          'noTarget',
        );
      for (const element of arrayOf(holder[def.name]))
        setOrDelete(element, sub.name, op === 'remove' ? undefined : coerceValue(sub, value, where, this.dialect));
      return;
    }
    if (sub) {
      const parent = isObject(holder[def.name]) ? (holder[def.name] as JsonObject) : {};
      setOrDelete(parent, sub.name, op === 'remove' ? undefined : coerceValue(sub, value, where, this.dialect));
      setOrDelete(holder, def.name, Object.keys(parent).length ? parent : undefined);
      return;
    }
    if (op === 'remove' || value === null) return setOrDelete(holder, def.name, undefined);
    const coerced = coerceValue(def, value, where, this.dialect);
    if (def.multiValued && op === 'add') {
      const merged: Json[] = [...arrayOf(holder[def.name])];
      const added = (coerced as Json[] | undefined) ?? [];
      // coerceValue already left at most one primary among the new values; it wins (RFC 7643 §2.4).
      if (added.some((item) => isObject(item) && item.primary === true))
        for (const e of merged) if (isObject(e)) e.primary = false;
      const present = new Set(merged.map((e) => JSON.stringify(e))); // linear: a Set, not a scan per value
      for (const item of added) {
        const key = JSON.stringify(item);
        if (present.has(key)) continue;
        present.add(key);
        merged.push(item);
      }
      checkValueCount(def, merged.length);
      return setOrDelete(holder, def.name, merged.length ? merged : undefined);
    }
    if (def.type === 'complex' && !def.multiValued && isObject(holder[def.name]) && isObject(coerced)) {
      // RFC 7644 §3.5.2.1/3: sub-attributes not named in value are left unchanged.
      return setOrDelete(holder, def.name, { ...(holder[def.name] as JsonObject), ...coerced });
    }
    setOrDelete(holder, def.name, coerced);
  }

  private chargeFilter(values: number): void {
    this.filtered += values;
    if (this.filtered > MAX_FILTERED_VALUES)
      throw badRequest(
        `This PATCH tests more than ${MAX_FILTERED_VALUES.toLocaleString('en')} values against its filters; split it into smaller requests`,
        'tooMany',
      );
  }

  private applyFiltered(op: Op, target: Target, holder: JsonObject, value: Json | undefined): void {
    const { def } = target.resolved;
    const filter = target.filter!;
    const elements = arrayOf(holder[def.name]);
    this.chargeFilter(elements.length);
    const matched = elements.filter((e) => matchesElement(def, e, filter, this.type));
    if (op === 'remove') {
      if (!matched.length) {
        // RFC 7644 §3.12 noTarget: "a filter that yields no match"; clients re-send removals.
        this.dialect.accept(
          'remove-matched-nothing',
          `removed ${def.name}[…], which matched no value; nothing was removed`,
          'noTarget',
        );
        return;
      }
      const gone = new Set(matched);
      const kept = target.sub ? elements : elements.filter((e) => !gone.has(e));
      if (target.sub) for (const e of matched) delete e[target.sub.name];
      return setOrDelete(holder, def.name, kept.length ? kept : undefined);
    }
    if (matched.length === 0) {
      // Entra: `addresses[type eq "work"].locality` when there is no work address yet creates one.
      const seed = seedFromFilter(def, filter);
      if (!seed)
        throw badRequest(`No value of ${def.name} matches the filter, so there is nothing to ${op}`, 'noTarget');
      this.dialect.accept(
        'filter-creates',
        `targeted ${def.name}[${Object.entries(seed)
          .map(([k, v]) => `${k} eq ${JSON.stringify(v)}`)
          .join(' and ')}], which did not exist; it was created`,
        'noTarget', // RFC 7644 §3.5.2.3: strict answers what the RFC says
      );
      elements.push(seed);
      matched.push(seed);
    }
    for (const element of matched) {
      if (target.sub) {
        setOrDelete(
          element,
          target.sub.name,
          coerceValue(target.sub, value, `${def.name}.${target.sub.name}`, this.dialect),
        );
      } else {
        // RFC 7644 §3.5.2.1, §3.5.2.3: sub-attributes not named in the value are left unchanged.
        const replacement = coerceValue({ ...def, multiValued: false }, value, def.name, this.dialect);
        if (isObject(replacement)) Object.assign(element, replacement);
      }
    }
    // One primary at most (RFC 7643 §2.4): the last one this operation marked wins.
    const primary = matched.findLast((e) => e.primary === true);
    if (primary) for (const e of elements) if (e !== primary && e.primary === true) e.primary = false;
    setOrDelete(holder, def.name, elements);
  }

  private applyMembers(op: Op, target: Target, value: Json | undefined): void {
    if (target.sub)
      throw badRequest('Member sub-attributes cannot be changed; remove and add the member instead', 'mutability');
    if (op === 'remove') {
      if (target.filter) {
        this.members.push({ kind: 'remove', ids: idsFromFilter(target.filter) });
      } else if (value !== undefined && value !== null) {
        // Entra: {"op":"Remove","path":"members","value":[{"value":"id"}]} removes only those members.
        this.dialect.accept(
          'remove-members-with-value',
          'removed members by listing them in "value" instead of a path filter',
        );
        this.members.push({ kind: 'remove', ids: memberIds(value, this.dialect) });
      } else {
        this.members.push({ kind: 'clear' });
      }
      return;
    }
    if (target.filter) throw badRequest('Add or replace members with a value list, not a path filter', 'invalidPath');
    if (op === 'replace') this.members.push({ kind: 'clear' });
    if (value !== null && value !== undefined) this.members.push({ kind: 'add', ids: memberIds(value, this.dialect) });
  }

  /** An attribute of a custom extension schema (not defined here): stored as sent, by name. */
  private applyCustom(op: Op, urn: string, attr: string, value: Json | undefined): void {
    this.dialect.accept(
      'custom-extension',
      `changed ${urn}:${attr}, an extension this bench does not define; it was stored as sent`,
    );
    const holder = isObject(this.data[urn]) ? (this.data[urn] as JsonObject) : (this.data[urn] = blank());
    const key = Object.keys(holder).find((k) => k.toLowerCase() === attr.toLowerCase()) ?? attr;
    if (op === 'remove' || value === null || value === undefined) delete holder[key];
    else if (SECRET_NAME.test(attr.split('.').pop()!)) {
      this.dialect.secret(value);
      this.dialect.inform('secret-not-stored', `sent ${urn}:${attr}, which looks like a secret; it was not stored`);
    } else holder[key] = plainCopy(value, this.dialect, `${urn}:${attr}`);
  }

  finish(): void {
    const extensions = resourceType(this.type).extensions;
    for (const key of Object.keys(this.data))
      if (
        (extensions.includes(key) || isCustomExtension(key)) &&
        isObject(this.data[key]) &&
        !Object.keys(this.data[key]).length
      )
        delete this.data[key];
    this.data.schemas = schemasOf(this.type, this.data);
    const required = this.type === 'User' ? 'userName' : 'displayName';
    if (typeof this.data[required] !== 'string' || this.data[required] === '')
      throw badRequest(`${required} is required and cannot be removed`, 'mutability');
  }
}

const arrayOf = (value: Json | undefined): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);

function setOrDelete(target: JsonObject, key: string, value: Json | undefined): void {
  if (value === undefined || value === null) delete target[key];
  else target[key] = value;
}

/** Member ids from a `members` value: [{ value: id }, …] (bare ids accepted and noted). */
export function memberIds(value: Json, dialect: Dialect): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    if (typeof item === 'string') {
      dialect.accept('bare-complex-value', `sent members[${i}] as a bare string instead of an object with "value"`);
      return item;
    }
    if (!isObject(item) || typeof item.value !== 'string' || !item.value)
      throw badRequest(`members[${i}] must be an object with a "value" (the member's id)`, 'invalidValue');
    return item.value;
  });
}

/** `value eq "a" or value eq "b"` → ['a', 'b']: the member filters clients send. */
function idsFromFilter(filter: Filter): string[] {
  if (filter.kind === 'or') return [...idsFromFilter(filter.left), ...idsFromFilter(filter.right)];
  if (
    filter.kind === 'compare' &&
    filter.op === 'eq' &&
    filter.path.attr.toLowerCase() === 'value' &&
    !filter.path.sub &&
    typeof filter.value === 'string'
  )
    return [filter.value];
  throw badRequest('Members can be removed by members[value eq "id"] (optionally joined with or)', 'invalidFilter');
}

/** `type eq "work" and primary eq true` → { type: 'work', primary: true }, or null when not that simple. */
function seedFromFilter(def: AttrDef, filter: Filter): JsonObject | null {
  if (filter.kind === 'and') {
    const left = seedFromFilter(def, filter.left);
    const right = seedFromFilter(def, filter.right);
    return left && right ? { ...left, ...right } : null;
  }
  const sub = filter.kind === 'compare' && !filter.path.sub ? findAttr(def.subAttributes, filter.path.attr) : undefined;
  if (sub && filter.kind === 'compare' && filter.op === 'eq' && filter.value !== null)
    return { [sub.name]: filter.value };
  return null;
}
