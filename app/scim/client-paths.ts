/**
 * Attribute paths as real clients write them, mapped to what RFC 7643 names — each mapping noted
 * (and refused in strict mode) by the dialect:
 * - `manager` without its schema (Microsoft's tutorial, Example 5) is the enterprise extension's;
 * - `urn:…:enterprise:2.0:User.manager`, the legacy dot form of Microsoft's older `customappsso`
 *   jobs, is `urn:…:enterprise:2.0:User:manager`.
 */
import type { Dialect } from './dialect';
import type { AttrPath } from './filter-parser';
import { ENTERPRISE_SCHEMA, resourceType, type ResourceType } from './schemas';
import { formatPath } from './filter-eval';

/** The schema URNs a resource type's attributes live under. */
const schemasOf = (type: ResourceType) => [resourceType(type).schema, ...resourceType(type).extensions];

/** Returns the path RFC 7643 would name, noting the mapping; the path itself when it needs none. */
export function clientPath(type: ResourceType, path: AttrPath, dialect: Dialect): AttrPath {
  if (path.urn && path.sub) {
    // parseAttrPath split `urn:…:2.0:User.manager` at its last colon: urn `urn:…:2.0`, attr `User`.
    const joined = `${path.urn}:${path.attr}`.toLowerCase();
    const schema = schemasOf(type).find((urn) => urn.toLowerCase() === joined);
    if (schema) {
      dialect.accept(
        'legacy-dot-urn',
        `used the legacy form "${formatPath(path)}" for ${schema}:${path.sub}`,
        'invalidPath',
      );
      return { urn: schema, attr: path.sub };
    }
  }
  if (type === 'User' && !path.urn && path.attr.toLowerCase() === 'manager') {
    dialect.accept(
      'manager-without-urn',
      `used "${formatPath(path)}" for the enterprise extension's manager (${ENTERPRISE_SCHEMA}:manager)`,
      'invalidPath',
    );
    return { urn: ENTERPRISE_SCHEMA, attr: 'manager', ...(path.sub ? { sub: path.sub } : {}) };
  }
  return path;
}

/** The extension schema a PATCH path names whole (`"path": "urn:…:enterprise:2.0:User"`), if it does. */
export const wholeExtension = (type: ResourceType, path: string): string | undefined =>
  resourceType(type).extensions.find((urn) => urn.toLowerCase() === path.trim().toLowerCase());
