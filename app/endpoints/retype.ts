/**
 * Data sent for an extension before it was declared was kept as sent (resource.ts stores unknown
 * extensions as plain copies). When the extension is declared, that data becomes typed at once: each
 * resource holding it is read again through the new schemas, in the same transaction as the
 * declaration — `"7"` becomes `7` for an integer, `"True"` `true` for a boolean — so filters, sorts
 * and answers see typed values. A resource whose old data does not fit (a `badgeNumber` of `"n/a"`)
 * keeps it as it was, and is counted: the declaration never loses data.
 */
import { Dialect } from '../scim/dialect';
import { normalizeResource } from '../scim/resource';
import { withSchemas, type ResourceType, type SchemaSet } from '../scim/schemas';
import type { ResourceStore } from '../store/resource-store';

export interface Retyped {
  retyped: number;
  /** Resources whose data for the extension did not fit its declaration, kept as they were. */
  kept: number;
}

const PAGE = 500;

export function retypeDeclared(store: ResourceStore, set: SchemaSet, urns: readonly string[]): Retyped {
  const result: Retyped = { retyped: 0, kept: 0 };
  if (!urns.length) return result;
  const wanted = urns.map((urn) => urn.toLowerCase());
  withSchemas(set, () => {
    for (const type of ['User', 'Group'] as ResourceType[]) {
      for (let start = 1; ; start += PAGE) {
        const { resources } = store.query(type, { startIndex: start, count: PAGE, filterBudget: Infinity });
        for (const resource of resources) {
          const keys = Object.keys(resource.data).filter((key) => wanted.includes(key.toLowerCase()));
          if (!keys.length) continue;
          try {
            // Lenient, and unknown attributes kept: re-reading must not drop what the client sent.
            const typed = normalizeResource(type, resource.data, new Dialect(false, 'store'));
            store.replace(resource, typed);
            result.retyped++;
          } catch {
            result.kept++;
          }
        }
        if (resources.length < PAGE) break;
      }
    }
  });
  return result;
}

/** Extension ids declared in `next` and not in `before`. */
export const newlyDeclared = (before: { extensions: { id: string }[] }, next: { extensions: { id: string }[] }) =>
  next.extensions
    .map((e) => e.id)
    .filter((id) => !before.extensions.some((b) => b.id.toLowerCase() === id.toLowerCase()));
