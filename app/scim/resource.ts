/**
 * Turns what a client sent into the canonical stored form of a resource: attribute names as the
 * schema spells them, values of the schema's type, read-only attributes dropped, extension
 * attributes under their schema URN. Pure and schema-driven.
 */
import { clientPath } from './client-paths';
import { Dialect, describe } from './dialect';
import { attributeNames, closest, knownSchemaNear } from './suggest';
import { badRequest } from './errors';
import { SECRET_NAME } from './secret-names';
import { COMMON_ATTRIBUTES, RESOURCE_TYPES, findAttr, schemaById, type AttrDef, type ResourceType } from './schemas';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A plain object without a prototype, so keys like `__proto__` are just data. */
export const blank = (): JsonObject => Object.create(null) as JsonObject;

/**
 * Values one multi-valued attribute may hold (emails, roles, …; group members live in their own
 * table and are bounded apart). Real users have a handful; a bound keeps a PATCH linear and a
 * resource a size the console can show.
 */
export const MAX_VALUES = 1000;
/** Custom extension schemas one resource may carry (Entra and Okta send one or two). */
export const MAX_CUSTOM_EXTENSIONS = 20;

export function checkValueCount(def: AttrDef, count: number): void {
  if (count > MAX_VALUES)
    throw badRequest(`${def.name} may hold at most ${MAX_VALUES} values; this would give it ${count}`, 'invalidValue');
}

/** Coerces one value to an attribute's type; `where` names it in errors and notes. */
export function coerceValue(def: AttrDef, value: unknown, where: string, dialect: Dialect): Json | undefined {
  if (value === null) return undefined;
  if (def.multiValued) {
    const items = Array.isArray(value)
      ? value
      : (dialect.accept('wrapped-single', `sent ${where} as a single value instead of an array`), [value]);
    checkValueCount(def, items.length);
    const out = items
      .map((item, i) => coerceSingle(def, item, `${where}[${i}]`, dialect))
      .filter((v) => v !== undefined);
    return enforceOnePrimary(out, where, dialect);
  }
  if (Array.isArray(value)) {
    if (value.length !== 1)
      throw badRequest(`${where} is single-valued, got an array of ${value.length}`, 'invalidValue');
    dialect.accept('array-wrapped-scalar', `sent the single-valued ${where} wrapped in a one-element array`);
    return coerceSingle(def, value[0], where, dialect);
  }
  return coerceSingle(def, value, where, dialect);
}

function coerceSingle(def: AttrDef, value: unknown, where: string, dialect: Dialect): Json | undefined {
  if (value === null) return undefined;
  switch (def.type) {
    case 'boolean':
      return dialect.boolean(value, where);
    case 'integer':
    case 'decimal': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || (def.type === 'integer' && !Number.isInteger(n)))
        throw badRequest(
          `${where} must be ${def.type === 'integer' ? 'an integer' : 'a number'}, got ${describe(value)}`,
          'invalidValue',
        );
      if (n !== value) dialect.accept('string-number', `sent ${where} as a string instead of a number`);
      return n;
    }
    case 'dateTime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        throw badRequest(`${where} must be an xsd:dateTime string, got ${describe(value)}`, 'invalidValue');
      return value;
    case 'complex':
      if (typeof value === 'string' && findAttr(def.subAttributes, 'value')) {
        // Entra sets manager (and Okta sometimes members) with a bare id instead of { "value": id }.
        dialect.accept('bare-complex-value', `sent ${where} as a bare string instead of an object with "value"`);
        return { value };
      }
      if (!isObject(value)) throw badRequest(`${where} must be an object, got ${describe(value)}`, 'invalidValue');
      return coerceComplex(def.subAttributes ?? [], value, where, dialect);
    default:
      if (typeof value === 'number' || typeof value === 'boolean') {
        dialect.accept('non-string', `sent ${where} as a ${typeof value} instead of a string`);
        return String(value);
      }
      if (typeof value !== 'string')
        throw badRequest(`${where} must be a string, got ${describe(value)}`, 'invalidValue');
      return value;
  }
}

function coerceComplex(subs: AttrDef[], value: JsonObject, where: string, dialect: Dialect): JsonObject | undefined {
  const out = blank();
  for (const [key, raw] of Object.entries(value)) {
    const sub = findAttr(subs, key);
    if (!sub) {
      if (unknownAttribute(`${where}.${key}`, dialect, () => subs.map((a) => a.name)))
        Object.assign(out, plainCopy({ [key]: raw }, dialect, where)); // a key named like a secret is dropped
      continue;
    }
    if (sub.mutability === 'readOnly') continue;
    const coerced = coerceValue(sub, raw, `${where}.${sub.name}`, dialect);
    if (coerced !== undefined) out[sub.name] = coerced;
  }
  return Object.keys(out).length ? out : undefined;
}

/** RFC 7643 §2.4: at most one `primary: true`. The last one wins (as a PATCH add would). */
function enforceOnePrimary(items: Json[], where: string, dialect: Dialect): Json[] | undefined {
  const primaries = items.filter((i) => isObject(i) && i.primary === true);
  if (primaries.length > 1) {
    dialect.accept('many-primary', `marked ${primaries.length} values of ${where} as primary; the last one was kept`);
    for (const item of primaries.slice(0, -1)) (item as JsonObject).primary = false;
  }
  return items.length ? items : undefined;
}

/** An attribute no schema declares, as the profile says (`unknownAttributes`): true when it is to be stored as sent. */
function unknownAttribute(where: string, dialect: Dialect, known: () => readonly string[]): boolean {
  const name = where.slice(where.lastIndexOf('.') + 1);
  const mode = dialect.unknownAttributes;
  // A suggestion only for a note that will be kept: 100,000 unknown keys cost one lookup each.
  const meant = mode === 'refuse' || dialect.wants('unknown-attribute') ? closest(name, known()) : undefined;
  const hint = meant ? ` (did you mean ${meant}?)` : '';
  if (mode === 'refuse') throw badRequest(`${where} is not an attribute of this resource${hint}`, 'invalidPath');
  const fate = mode === 'store' ? 'stored as sent' : 'ignored';
  dialect.accept('unknown-attribute', `sent the unknown attribute ${where}, which was ${fate}${hint}`);
  return mode === 'store';
}

/**
 * The canonical stored body of a User or Group from a POST/PUT body: no id, meta or members
 * (those live in columns and their own table), extension attributes under their URN.
 */
export function normalizeResource(type: ResourceType, body: unknown, dialect: Dialect): JsonObject {
  if (!isObject(body)) throw badRequest('The request body must be a JSON object', 'invalidSyntax');
  const rt = RESOURCE_TYPES[type];
  const core = schemaById(rt.schema)!;
  const out = blank();
  out.schemas = [rt.schema];
  let customExtensions = 0;
  for (const [key, raw] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = rt.extensions.find((urn) => urn.toLowerCase() === key.toLowerCase());
    if (extension) {
      if (raw === null) continue;
      if (!isObject(raw)) throw badRequest(`${extension} must be an object, got ${describe(raw)}`, 'invalidValue');
      const value = coerceComplex(schemaById(extension)!.attributes, raw, extension, dialect);
      if (value) out[extension] = value;
      continue;
    }
    if (type === 'User' && key.toLowerCase() === 'manager') {
      if (raw === null) continue;
      const path = clientPath(type, { attr: key }, dialect); // the enterprise extension's manager, noted
      const manager = coerceValue(findAttr(schemaById(path.urn!)!.attributes, 'manager')!, raw, key, dialect);
      const holder = isObject(out[path.urn!]) ? (out[path.urn!] as JsonObject) : (out[path.urn!] = blank());
      if (manager !== undefined) holder.manager = manager;
      continue;
    }
    const def = findAttr(core.attributes, key) ?? findAttr(COMMON_ATTRIBUTES, key);
    if (!def && isCustomExtension(key) && isObject(raw)) {
      if (++customExtensions > MAX_CUSTOM_EXTENSIONS)
        throw badRequest(
          `A resource may carry at most ${MAX_CUSTOM_EXTENSIONS} extension schemas of its own`,
          'invalidValue',
        );
      const meant = knownSchemaNear(key);
      if (meant) throw badRequest(`${key} is not a schema this bench knows; did you mean ${meant}?`, 'invalidValue');
      // Entra's and Okta's custom extension schemas: not defined here, but what the user is testing.
      dialect.accept(
        'custom-extension',
        `sent the extension ${key}, which this bench does not define; it was stored as sent`,
      );
      out[key] = plainCopy(raw, dialect, key) as JsonObject;
      continue;
    }
    if (!def) {
      // null means "no value": an unknown attribute without one loses nothing (Entra's Example 2
      // sends department and manager as top-level nulls).
      if (raw !== null && unknownAttribute(key, dialect, () => attributeNames(type)))
        Object.assign(out, plainCopy({ [key]: raw }, dialect)); // a key named like a secret is dropped
      continue;
    }
    // readOnly: ignored (RFC 7643 §2.2). writeOnly (password): accepted but never stored — a test
    // bench has no use for a user's password, and a database of them is a liability on a share.
    if (def.mutability === 'writeOnly' && raw !== null) {
      dialect.secret(raw);
      dialect.inform('password-not-stored', `sent ${def.name}; SCIM Bench accepts passwords but never stores them`);
    }
    if (def.mutability === 'readOnly' || def.mutability === 'writeOnly' || def.name === 'members') continue;
    const value = coerceValue(def, raw, def.name, dialect);
    if (value !== undefined) out[def.name] = value;
  }
  out.schemas = schemasOf(type, out);
  for (const def of core.attributes)
    if (def.required && (out[def.name] === undefined || out[def.name] === ''))
      throw badRequest(`${def.name} is required`, 'invalidValue');
  return out;
}

/** An extension URN this bench does not define (a custom schema a client sends). */
export const isCustomExtension = (key: string) => /^urn:[^:]+(:[^:]+)+$/i.test(key) && !/:core:2\.0:/i.test(key);

/** Attribute names that hold a secret, in data the bench keeps as sent (custom extensions). */
export { SECRET_NAME };

/**
 * A JSON copy of custom data without prototypes (so `__proto__` stays data) and without secrets:
 * an attribute named like a password is dropped, with a note, as the core `password` is — the
 * bench never stores one, however it is addressed.
 */
export function plainCopy(value: unknown, dialect?: Dialect, where = ''): Json {
  if (Array.isArray(value)) return value.map((v, i) => plainCopy(v, dialect, `${where}[${i}]`));
  if (!isObject(value)) return value as Json;
  const out = blank();
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_NAME.test(k)) {
      dialect?.secret(v);
      dialect?.inform(
        'secret-not-stored',
        `sent ${where ? `${where}.` : ''}${k}, which looks like a secret; it was not stored`,
      );
      continue;
    }
    out[k] = plainCopy(v, dialect, where ? `${where}.${k}` : k);
  }
  return out;
}

/** `schemas` of a stored body: the core schema, then every extension present (known or custom). */
export function schemasOf(type: ResourceType, body: JsonObject): string[] {
  const rt = RESOURCE_TYPES[type];
  const known = rt.extensions.filter((urn) => isObject(body[urn]));
  const custom = Object.keys(body).filter(
    (k) => isCustomExtension(k) && !rt.extensions.includes(k) && isObject(body[k]),
  );
  return [rt.schema, ...known, ...custom];
}
