/** Group membership on the members table: reading it from a request, and applying PATCH's changes. */
import type { Dialect } from '../scim/dialect';
import { badRequest } from '../scim/errors';
import { memberIds, type MemberChange } from '../scim/patch';
import type { JsonObject } from '../scim/resource';
import type { ResourceStore } from '../store/resource-store';

/** Member ids from a POST/PUT Group body's `members`. */
export function memberIdsOf(body: JsonObject, dialect: Dialect): string[] {
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'members');
  const members = key ? body[key] : undefined;
  if (members === undefined || members === null) return [];
  if (!Array.isArray(members)) throw badRequest('members must be an array', 'invalidValue');
  return memberIds(members, dialect);
}

/** Applies member changes in order; returns how many memberships were added and removed. */
export function applyMemberChanges(
  store: ResourceStore,
  groupId: string,
  changes: MemberChange[],
): { added: number; removed: number } {
  const delta = { added: 0, removed: 0 };
  for (const change of changes) {
    if (change.kind === 'clear') delta.removed += store.clearMembers(groupId);
    else if (change.kind === 'add') delta.added += store.addMembers(groupId, change.ids);
    else delta.removed += store.removeMembers(groupId, change.ids);
  }
  return delta;
}
