/**
 * Filters as real clients send them, made into what RFC 7644 §3.4.2.2 allows — each change noted
 * (and refused in strict mode) by the dialect: paths via client-paths.ts (`manager eq "<id>"` is
 * the enterprise manager's value), unquoted values (`externalId eq jyoung`, `meta.created gt
 * 2015-10-10T14:38:21.8617979-07:00`, from Microsoft's own samples) read as the attribute's type,
 * and `emails[type eq "work"].value eq "x"`, the form Microsoft's tutorial says a server must take.
 */
import { clientPath } from './client-paths';
import type { Dialect } from './dialect';
import { formatPath } from './filter-eval';
import type { Filter } from './filter-parser';
import { leafDef, resolveAttr } from './resolve';
import { findAttr, type AttrDef, type ResourceType } from './schemas';

const TEXT_TYPES = new Set(['string', 'reference', 'dateTime', 'binary']);

/** A comparison's value, read as `leaf`'s type when the client left it unquoted. */
function readValue(leaf: AttrDef | undefined, filter: Filter & { kind: 'compare' }, name: string, dialect: Dialect) {
  const { unquoted, ...compare } = filter;
  const value = compare.value;
  if (leaf && TEXT_TYPES.has(leaf.type) && (unquoted || typeof value === 'number')) {
    dialect.accept(
      'unquoted-filter-value',
      `compared ${name} with ${String(value)} without quotes; it was read as the string "${String(value)}"`,
      'invalidFilter',
    );
    return { ...compare, value: String(value) };
  }
  if (unquoted && leaf && (leaf.type === 'integer' || leaf.type === 'decimal') && Number.isFinite(Number(value)))
    return { ...compare, value: Number(value) };
  if (unquoted && leaf?.type !== 'boolean')
    dialect.accept('unquoted-filter-value', `compared ${name} with the unquoted ${String(value)}`, 'invalidFilter');
  return compare;
}

/** The inner filter of a value path, whose names are the attribute's sub-attributes (also PATCH's). */
export function normalizeElement(subs: AttrDef[], filter: Filter, dialect: Dialect): Filter {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return {
        ...filter,
        left: normalizeElement(subs, filter.left, dialect),
        right: normalizeElement(subs, filter.right, dialect),
      };
    case 'not':
      return { ...filter, filter: normalizeElement(subs, filter.filter, dialect) };
    case 'compare':
      return readValue(findAttr(subs, filter.path.sub ?? filter.path.attr), filter, formatPath(filter.path), dialect);
    default:
      return filter;
  }
}

export function normalizeFilter(type: ResourceType, filter: Filter, dialect: Dialect): Filter {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return {
        ...filter,
        left: normalizeFilter(type, filter.left, dialect),
        right: normalizeFilter(type, filter.right, dialect),
      };
    case 'not':
      return { ...filter, filter: normalizeFilter(type, filter.filter, dialect) };
    case 'present':
      return { ...filter, path: clientPath(type, filter.path, dialect) };
    case 'valuePath': {
      if (filter.subFilter)
        dialect.accept(
          'value-path-sub-filter',
          `filtered with ${formatPath(filter.path)}[…].${filter.subFilter}, a PATCH path form; read as one value filter`,
          'invalidFilter',
        );
      const path = clientPath(type, filter.path, dialect);
      const subs = resolveAttr(type, path)?.def.subAttributes;
      const { subFilter: _subFilter, ...rest } = filter;
      return { ...rest, path, filter: subs ? normalizeElement(subs, filter.filter, dialect) : filter.filter };
    }
    case 'compare': {
      let path = clientPath(type, filter.path, dialect);
      const resolved = resolveAttr(type, path);
      // `manager eq "<id>"`: a comparison with the complex attribute means its value.
      if (
        resolved &&
        !resolved.sub &&
        resolved.def.type === 'complex' &&
        !resolved.def.multiValued &&
        path !== filter.path
      )
        path = { ...path, sub: 'value' };
      const leaf = resolved ? leafDef(resolveAttr(type, path) ?? resolved) : undefined;
      return { ...readValue(leaf, filter, formatPath(path), dialect), path };
    }
  }
}
