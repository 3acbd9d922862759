/**
 * Discovery as a profile shapes it: no Group resource type or schema (nor a user's `groups`) when groups are off, and
 * userName `caseExact` as the profile compares it. Applied to the documents discovery.ts builds, so
 * the schema set (core and custom) stays discovery's concern and the profile's stays here.
 */
import type { Profile } from '../../shared/profile';
import { RESOURCE_TYPES } from '../scim/schemas';

const GROUP_SCHEMA = RESOURCE_TYPES.Group.schema;
const USER_SCHEMA = RESOURCE_TYPES.User.schema;

/** Schemas of resource types the profile has not turned off. */
export const schemaShown = (schemaId: string, profile: Profile) =>
  profile.groups || schemaId.toLowerCase() !== GROUP_SCHEMA.toLowerCase();

export const resourceTypesFor = <T extends { id: string }>(docs: T[], profile: Profile): T[] =>
  docs.filter((doc) => profile.groups || doc.id !== 'Group');

/** A schema document as this endpoint describes it (the User schema's userName caseExact). */
export function schemaFor<T extends { id: string; attributes: readonly { name: string }[] }>(
  doc: T,
  profile: Profile,
): T {
  if (doc.id !== USER_SCHEMA) return doc;
  // Without groups a user has no `groups` to answer, so the schema does not promise one.
  const attributes = doc.attributes
    .filter((a) => profile.groups || a.name !== 'groups')
    .map((a) => (a.name === 'userName' ? { ...a, caseExact: profile.userNameCaseExact } : a));
  return { ...doc, attributes };
}

export const schemasFor = <T extends { id: string; attributes: readonly { name: string }[] }>(
  docs: T[],
  profile: Profile,
): T[] => docs.filter((doc) => schemaShown(doc.id, profile)).map((doc) => schemaFor(doc, profile));
