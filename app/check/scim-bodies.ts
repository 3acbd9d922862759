/** The bodies the identity providers send, as their documentation shows them (docs/check.md). */
import { randomUUID } from 'node:crypto';

export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A user as Entra creates one (Microsoft's SCIM tutorial, "Create User" request). */
export const entraUser = (userName: string) => ({
  schemas: [USER, ENTERPRISE],
  externalId: randomUUID(),
  userName,
  active: true,
  emails: [{ primary: true, type: 'work', value: userName }],
  meta: { resourceType: 'User' },
  name: { formatted: 'Alice Check', familyName: 'Check', givenName: 'Alice' },
  roles: [],
  [ENTERPRISE]: { department: 'Provisioning' },
});

/** A user as Okta creates one (Okta's SCIM 2.0 reference, "Create the user"). */
export const oktaUser = (userName: string) => ({
  schemas: [USER],
  userName,
  name: { givenName: 'Olga', familyName: 'Check' },
  emails: [{ primary: true, value: userName, type: 'work' }],
  displayName: 'Olga Check',
  locale: 'en-US',
  externalId: randomUUID(),
  groups: [],
  password: `Check-${randomUUID()}`,
  active: true,
});

export const patch = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });

/** `userName eq "x"` percent-encoded as a query. */
export const filterQuery = (filter: string) => `filter=${encodeURIComponent(filter)}`;
