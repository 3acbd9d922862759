/**
 * Filters as real clients send them, made into what RFC 7644 §3.4.2.2 allows — each change noted
 * (and refused in strict mode) by the dialect: paths via client-paths.ts (`manager eq "<id>"` is
 * the enterprise manager's value), and unquoted values (`externalId eq jyoung`, `meta.created gt
 * 2015-10-10T14:38:21.8617979-07:00`, from Microsoft's own samples) read as the attribute's type.
 */
import { clientPath } from './client-paths';
import type { Dialect } from './dialect';
import { formatPath } from './filter-eval';
import type { Filter } from './filter-parser';
import { leafDef, resolveAttr } from './resolve';
import type { ResourceType } from './schemas';

const TEXT_TYPES = new Set(['string', 'reference', 'dateTime', 'binary']);

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
    case 'valuePath':
      return { ...filter, path: clientPath(type, filter.path, dialect) };
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
      const leaf = resolved ? leafDef(resolveAttr(type, path) ?? resolved) : null;
      const { unquoted, ...compare } = filter;
      let value = compare.value;
      if (leaf && TEXT_TYPES.has(leaf.type) && (unquoted || typeof value === 'number')) {
        dialect.accept(
          'unquoted-filter-value',
          `compared ${formatPath(path)} with ${String(value)} without quotes; it was read as the string "${String(value)}"`,
          'invalidFilter',
        );
        value = String(value);
      } else if (
        leaf &&
        unquoted &&
        (leaf.type === 'integer' || leaf.type === 'decimal') &&
        Number.isFinite(Number(value))
      ) {
        value = Number(value);
      } else if (unquoted && !(leaf && leaf.type === 'boolean')) {
        dialect.accept(
          'unquoted-filter-value',
          `compared ${formatPath(path)} with the unquoted ${String(value)}`,
          'invalidFilter',
        );
      }
      return { ...compare, path, value };
    }
  }
}
