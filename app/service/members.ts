/** Group membership on the members table: reading it from a request, and applying PATCH's changes. */
import type { MemberChanges, MemberRef } from '../../shared/types';
import type { Dialect } from '../scim/dialect';
import { badRequest } from '../scim/errors';
import { memberIds, type MemberChange } from '../scim/patch';
import type { JsonObject } from '../scim/resource';
import type { ResourceStore } from '../store/resource-store';

/**
 * How many added and how many removed members a change names (the counts are always whole): the
 * traffic log keeps these, so adding 50,000 members stores 50 names, not 50,000.
 */
export const NAMED_MEMBERS = 50;

/** What a membership change did: counts, and the first NAMED_MEMBERS members of each side by name. */
export type MemberDelta = Required<MemberChanges>;

/** Member ids from a POST/PUT Group body's `members`. */
export function memberIdsOf(body: JsonObject, dialect: Dialect): string[] {
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'members');
  const members = key ? body[key] : undefined;
  if (members === undefined || members === null) return [];
  if (!Array.isArray(members)) throw badRequest('members must be an array', 'invalidValue');
  return memberIds(members, dialect);
}

/**
 * Applies member changes in order and returns their net effect: a member removed and added again
 * in the same request (a PUT, or a replace of `members`) did not change, and is not reported.
 */
export function applyMemberChanges(store: ResourceStore, groupId: string, changes: MemberChange[]): MemberDelta {
  const added = new Set<string>();
  const removed = new Set<string>();
  const gained = (id: string) => void (removed.delete(id) || added.add(id));
  const lost = (id: string) => void (added.delete(id) || removed.add(id));
  for (const change of changes) {
    if (change.kind === 'clear') {
      const current = store.members(groupId);
      store.clearMembers(groupId);
      for (const member of current) lost(member.value);
    } else if (change.kind === 'add') store.addMembers(groupId, change.ids, gained);
    else store.removeMembers(groupId, change.ids, lost);
  }
  return {
    added: added.size,
    removed: removed.size,
    addedMembers: named(store, added),
    removedMembers: named(store, removed),
  };
}

/** The first NAMED_MEMBERS ids with the name they are known by: userName for users, displayName for groups. */
function named(store: ResourceStore, ids: Set<string>): MemberRef[] {
  const refs: MemberRef[] = [];
  for (const id of ids) {
    if (refs.length === NAMED_MEMBERS) break;
    const user = store.get('User', id);
    const name = user ? user.data.userName : store.get('Group', id)?.data.displayName;
    refs.push({ id, name: typeof name === 'string' ? name : null });
  }
  return refs;
}
