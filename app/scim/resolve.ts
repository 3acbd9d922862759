/** Resolves a client's attribute path (any case, with or without schema URN) against the schemas. */
import type { AttrPath } from './filter-parser';
import { COMMON_ATTRIBUTES, resourceType, findAttr, schemaById, type AttrDef, type ResourceType } from './schemas';

export interface ResolvedAttr {
  /** Top-level attribute definition. */
  def: AttrDef;
  /** Sub-attribute definition, when the path names one. */
  sub?: AttrDef;
  /** The extension URN that holds the attribute in the stored body; absent for core and common. */
  extension?: string;
}

export function resolveAttr(type: ResourceType, path: AttrPath): ResolvedAttr | null {
  const rt = resourceType(type);
  let def: AttrDef | undefined;
  let extension: string | undefined;
  if (path.urn && path.urn.toLowerCase() !== rt.schema.toLowerCase()) {
    extension = rt.extensions.find((urn) => urn.toLowerCase() === path.urn!.toLowerCase());
    if (!extension) return null;
    def = findAttr(schemaById(extension)!.attributes, path.attr);
  } else {
    def = findAttr(schemaById(rt.schema)!.attributes, path.attr) ?? findAttr(COMMON_ATTRIBUTES, path.attr);
  }
  if (!def) return null;
  if (path.sub === undefined) return { def, ...(extension ? { extension } : {}) };
  const sub = findAttr(def.subAttributes, path.sub);
  return sub ? { def, sub, ...(extension ? { extension } : {}) } : null;
}

/** The definition a comparison applies to: the sub-attribute, or `value` of a multi-valued complex. */
export function leafDef(resolved: ResolvedAttr): AttrDef {
  if (resolved.sub) return resolved.sub;
  if (resolved.def.type === 'complex') return findAttr(resolved.def.subAttributes, 'value') ?? resolved.def;
  return resolved.def;
}
