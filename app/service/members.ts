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
 * Member ids one request may name, all operations together: far past any directory sync (Entra
 * sends at most a few hundred a request), and a bound on the work a single PATCH can ask for.
 */
export const MAX_MEMBER_IDS = 100_000;

/**
 * Applies member changes as one diff: the operations are folded in memory, in order, into the
 * membership they leave, and only that is written — once. Threat model: a PATCH of 10,000
 * one-member operations (or thousands of `replace members`, each of which would re-read the whole
 * group) must cost one pass, not one store round per operation. A member removed and added again
 * in the same request (a PUT, or a replace of `members`) did not change, and is not reported.
 */
export function applyMemberChanges(store: ResourceStore, groupId: string, changes: MemberChange[]): MemberDelta {
  let named = 0;
  for (const change of changes) if (change.kind !== 'clear') named += change.ids.length;
  if (named > MAX_MEMBER_IDS)
    throw badRequest(
      `This request names ${named.toLocaleString('en')} member ids; at most ${MAX_MEMBER_IDS.toLocaleString('en')} may be changed at once, so split it`,
      'tooMany',
    );
  // The fold: after the last `clear`, the members are exactly those the later operations add.
  let cleared = false;
  const wanted = new Map<string, boolean>(); // id → a member afterwards (true) or not (false)
  for (const change of changes) {
    if (change.kind === 'clear') {
      cleared = true;
      wanted.clear();
    } else for (const id of change.ids) wanted.set(id, change.kind === 'add');
  }
  const adds = [...wanted].filter(([, member]) => member).map(([id]) => id);
  const removes = cleared
    ? store
        .members(groupId)
        .map((m) => m.value)
        .filter((id) => wanted.get(id) !== true)
    : [...wanted].filter(([, member]) => !member).map(([id]) => id);
  const added = new Set<string>();
  const removed = new Set<string>();
  store.removeMembers(groupId, removes, (id) => removed.add(id));
  store.addMembers(groupId, adds, (id) => added.add(id));
  return {
    added: added.size,
    removed: removed.size,
    addedMembers: namedRefs(store, added),
    removedMembers: namedRefs(store, removed),
  };
}

/** The first NAMED_MEMBERS ids with the name they are known by: userName for users, displayName for groups. */
function namedRefs(store: ResourceStore, ids: Set<string>): MemberRef[] {
  const refs: MemberRef[] = [];
  for (const id of ids) {
    if (refs.length === NAMED_MEMBERS) break;
    const user = store.get('User', id);
    const name = user ? user.data.userName : store.get('Group', id)?.data.displayName;
    refs.push({ id, name: typeof name === 'string' ? name : null });
  }
  return refs;
}
