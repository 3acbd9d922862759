/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5), applied to a rendered resource,
 * honouring each attribute's `returned` (id always; password never).
 */
import { badRequest } from './errors';
import { parseAttrPath } from './filter-parser';
import { blank, isObject, type JsonObject } from './resource';
import { resolveAttr, type ResolvedAttr } from './resolve';
import { findAttr, schemaById, type AttrDef, type ResourceType } from './schemas';

export interface Projection {
  include?: ResolvedAttr[];
  exclude?: ResolvedAttr[];
}

/** Names in one `attributes` list: far more than any schema has; each costs work on every resource returned. */
const MAX_LISTED = 200;

function parseList(type: ResourceType, list: string | undefined, name: string): ResolvedAttr[] | undefined {
  if (list === undefined || list.trim() === '') return undefined;
  const items = [...new Set(list.split(',').map((item) => item.trim()))]; // a name repeated is asked once
  if (items.length > MAX_LISTED) throw badRequest(`${name} lists more than ${MAX_LISTED} attributes`, 'invalidValue');
  return items.flatMap((item) => {
    const path = parseAttrPath(item);
    if (!path) throw badRequest(`${name}: '${item}' is not an attribute path`, 'invalidValue');
    const resolved = resolveAttr(type, path);
    return resolved ? [resolved] : []; // unknown names select nothing (RFC 7644 §3.4.2.5 is silent; clients probe)
  });
}

export function parseProjection(type: ResourceType, attributes?: string, excluded?: string): Projection {
  const include = parseList(type, attributes, 'attributes');
  const exclude = parseList(type, excluded, 'excludedAttributes');
  return { ...(include ? { include } : {}), ...(exclude ? { exclude } : {}) };
}

/** Whether a top-level attribute will be returned (so expensive ones, like members, can be skipped). */
export function wants(projection: Projection, name: string): boolean {
  if (projection.include) return projection.include.some((r) => r.def.name === name);
  return !projection.exclude?.some((r) => r.def.name === name && !r.sub);
}

const withheld = (def: AttrDef) => def.returned === 'never' || def.returned === 'request';

const sameAttr = (r: ResolvedAttr, name: string, extension?: string) =>
  r.def.name === name && (r.extension ?? undefined) === extension;

/** Applies the projection to a rendered resource (modifies a copy). */
export function project(resource: JsonObject, projection: Projection, extensions: string[]): JsonObject {
  const restricted = extensions.some((urn) => isObject(resource[urn]) && schemaById(urn)?.attributes.some(withheld));
  if (!restricted && !projection.include && !projection.exclude?.length) return resource; // the common case: nothing to drop
  const out = blank();
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'schemas' || key === 'id') {
      out[key] = value;
      continue;
    }
    const extension = extensions.find((urn) => urn === key);
    if (extension && isObject(value)) {
      const inner = blank();
      const attributes = schemaById(extension)?.attributes;
      for (const [name, v] of Object.entries(value)) {
        // A declared attribute returned `never`, or `request` and not asked for, stays in the store.
        const def = findAttr(attributes, name);
        const asked = projection.include?.some((r) => sameAttr(r, name, extension)) ?? false;
        if (def?.returned === 'never' || (def?.returned === 'request' && !asked)) continue;
        const keep = keepValue(projection, name, v, extension);
        if (keep !== undefined) inner[name] = keep;
      }
      if (Object.keys(inner).length) out[key] = inner;
      continue;
    }
    const keep = keepValue(projection, key, value, undefined);
    if (keep !== undefined) out[key] = keep;
  }
  return out;
}

function keepValue(projection: Projection, name: string, value: JsonObject[string], extension?: string) {
  if (projection.include) {
    const matches = projection.include.filter((r) => sameAttr(r, name, extension));
    if (!matches.length) return undefined;
    if (matches.some((r) => !r.sub)) return value;
    return pickSubs(
      value,
      matches.map((r) => r.sub!.name),
      true,
    );
  }
  const excluded = (projection.exclude ?? []).filter((r) => sameAttr(r, name, extension));
  if (excluded.some((r) => !r.sub)) return undefined;
  return excluded.length
    ? pickSubs(
        value,
        excluded.map((r) => r.sub!.name),
        false,
      )
    : value;
}

function pickSubs(value: JsonObject[string], subs: string[], keep: boolean): JsonObject[string] | undefined {
  const pick = (o: JsonObject) => {
    const out = blank();
    for (const [k, v] of Object.entries(o)) if (subs.includes(k) === keep) out[k] = v;
    return out;
  };
  if (Array.isArray(value)) return value.map((v) => (isObject(v) ? pick(v) : v));
  return isObject(value) ? pick(value) : value;
}
