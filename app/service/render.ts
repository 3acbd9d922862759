/** The SCIM JSON a client sees for a stored resource: body plus id, meta, and membership. */
import type { JsonObject } from '../scim/resource';
import { RESOURCE_TYPES } from '../scim/schemas';
import type { Member, StoredResource } from '../store/resource-store';

export function renderResource(
  resource: StoredResource,
  baseUrl: string,
  related: { members?: Member[] | undefined; groups?: { value: string; display: string | null }[] | undefined },
): JsonObject {
  const { schemas, ...rest } = resource.data;
  const out: JsonObject = { schemas: schemas ?? [RESOURCE_TYPES[resource.type].schema], id: resource.id, ...rest };
  if (related.members)
    out.members = related.members.map((m) => ({
      value: m.value,
      type: m.type,
      ...(m.display !== null ? { display: m.display } : {}),
      $ref: `${baseUrl}${RESOURCE_TYPES[m.type].endpoint}/${m.value}`,
    }));
  if (related.groups?.length)
    out.groups = related.groups.map((g) => ({
      value: g.value,
      ...(g.display !== null ? { display: g.display } : {}),
      type: 'direct',
      $ref: `${baseUrl}/Groups/${g.value}`,
    }));
  out.meta = {
    resourceType: resource.type,
    created: resource.created,
    lastModified: resource.lastModified,
    location: `${baseUrl}${RESOURCE_TYPES[resource.type].endpoint}/${resource.id}`,
    version: `W/"${resource.version}"`,
  };
  return out;
}
