/**
 * What a request did, as the traffic log names it: one table, so the engine, the sentences and the
 * console agree on every name (a typo is a type error), and each says in words what it did.
 */
export const OPERATIONS = {
  'create-user': { past: 'created user', infinitive: 'create user' },
  'create-group': { past: 'created group', infinitive: 'create group' },
  'get-user': { past: 'read user', infinitive: 'read user' },
  'get-group': { past: 'read group', infinitive: 'read group' },
  'replace-user': { past: 'replaced user', infinitive: 'replace user' },
  'replace-group': { past: 'replaced group', infinitive: 'replace group' },
  'update-user': { past: 'updated user', infinitive: 'update user' },
  'update-group': { past: 'updated group', infinitive: 'update group' },
  'disable-user': { past: 'disabled user', infinitive: 'disable user' },
  'enable-user': { past: 'enabled user', infinitive: 'enable user' },
  'delete-user': { past: 'deleted user', infinitive: 'delete user' },
  'delete-group': { past: 'deleted group', infinitive: 'delete group' },
  'add-members': { past: 'added members to group', infinitive: 'add members to group' },
  'remove-members': { past: 'removed members from group', infinitive: 'remove members from group' },
  'update-members': { past: 'changed the members of group', infinitive: 'change the members of group' },
  'lookup-users': { past: 'looked up users', infinitive: 'look up users' },
  'lookup-groups': { past: 'looked up groups', infinitive: 'look up groups' },
  'list-users': { past: 'listed users', infinitive: 'list users' },
  'list-groups': { past: 'listed groups', infinitive: 'list groups' },
  'search-users': { past: 'searched users', infinitive: 'search users' },
  'search-groups': { past: 'searched groups', infinitive: 'search groups' },
  'search-all': { past: 'searched all resources', infinitive: 'search all resources' },
  discovery: { past: 'read the server configuration', infinitive: 'read the server configuration' },
  bulk: { past: 'sent a bulk request:', infinitive: 'send a bulk request' },
  'oauth-token': { past: 'got an OAuth access token', infinitive: 'get an OAuth access token' },
  'oauth-token-refused': { past: 'got an OAuth access token', infinitive: 'get an OAuth access token' },
  // Refused before the SCIM service saw them: the sentence says what happened in its own words.
  'auth-failed': { past: null, infinitive: null },
  unavailable: { past: null, infinitive: null },
  'not-found': { past: null, infinitive: null },
  'too-large': { past: null, infinitive: null },
  'bad-request': { past: null, infinitive: null },
  'server-error': { past: null, infinitive: null },
  unknown: { past: null, infinitive: null },
} as const satisfies Record<string, { past: string | null; infinitive: string | null }>;

export type Operation = keyof typeof OPERATIONS;

export const isOperation = (name: unknown): name is Operation => typeof name === 'string' && name in OPERATIONS;
