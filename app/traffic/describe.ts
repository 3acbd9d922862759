/** Who sent a request and what it did, in words a person reads at a glance. */
import type { ClientKind, DialectNote } from '../../shared/types';

/**
 * `fromConsole` is true only for a request carrying the per-run console mark (capture checks it):
 * a header anyone can send must not make a request from outside look like the user's own.
 */
export function detectClient(userAgent: string | undefined, query: string, fromConsole: boolean): ClientKind {
  if (fromConsole) return 'console';
  const ua = userAgent ?? '';
  if (/okta/i.test(ua)) return 'okta';
  if (/azure|microsoft|entra|\baad\b/i.test(ua) || /aadOptscim/i.test(query)) return 'entra';
  if (/^curl\//i.test(ua)) return 'curl';
  return 'other';
}

const CLIENT_NAMES: Record<ClientKind, string> = {
  entra: 'Entra',
  okta: 'Okta',
  console: 'The console',
  curl: 'curl',
  other: 'A client',
};

const VERBS: Record<string, [past: string, infinitive: string]> = {
  'create-user': ['created user', 'create user'],
  'create-group': ['created group', 'create group'],
  'get-user': ['read user', 'read user'],
  'get-group': ['read group', 'read group'],
  'replace-user': ['replaced user', 'replace user'],
  'replace-group': ['replaced group', 'replace group'],
  'update-user': ['updated user', 'update user'],
  'update-group': ['updated group', 'update group'],
  'disable-user': ['disabled user', 'disable user'],
  'enable-user': ['enabled user', 'enable user'],
  'delete-user': ['deleted user', 'delete user'],
  'delete-group': ['deleted group', 'delete group'],
  'add-members': ['added members to group', 'add members to group'],
  'remove-members': ['removed members from group', 'remove members from group'],
  'update-members': ['changed the members of group', 'change the members of group'],
  'list-users': ['listed users', 'list users'],
  'list-groups': ['listed groups', 'list groups'],
  'search-users': ['searched users', 'search users'],
  'search-groups': ['searched groups', 'search groups'],
  discovery: ['read the server configuration', 'read the server configuration'],
  'search-all': ['searched all resources', 'search all resources'],
  bulk: ['sent a bulk request:', 'send a bulk request'],
  'oauth-token': ['got an OAuth access token', 'get an OAuth access token'],
  'oauth-token-refused': ['got an OAuth access token', 'get an OAuth access token'],
};

export interface Description {
  client: ClientKind;
  operation: string;
  status: number;
  subject: string | null;
  resourceId: string | null;
  filter: string | null;
  notes: DialectNote[];
  /** The SCIM error detail, when the request failed. */
  detail: string | null;
  members?: { added: number; removed: number } | undefined;
}

/** "Entra disabled user alice@contoso.com (sent active as the string "False")". */
export function describe(d: Description): string {
  const who = CLIENT_NAMES[d.client];
  const quirks = d.notes.length ? ` (${d.notes.map((n) => n.message).join('; ')})` : '';
  if (d.operation === 'auth-failed') return `${who} was refused: ${d.detail ?? 'no valid credentials'}`;
  if (d.operation === 'lookup-users' || d.operation === 'lookup-groups') {
    const noun = d.operation === 'lookup-users' ? 'users' : 'groups';
    const found = d.status >= 400 ? `failed: ${d.detail}` : d.subject ? `found ${d.subject}` : 'found none';
    return `${who} looked up ${noun} where ${d.filter} — ${found}${quirks}`;
  }
  const verb = VERBS[d.operation];
  const target = d.subject ?? d.resourceId ?? '';
  if (d.status >= 400) {
    const attempt = verb ? `tried to ${verb[1]}${target ? ' ' + target : ''}` : 'sent a request';
    return `${who} ${attempt}, which failed with ${d.status}: ${d.detail ?? 'error'}${quirks}`;
  }
  if (!verb) return `${who} sent a request (${d.status})${quirks}`;
  const counts = d.members
    ? ` (${[d.members.added && `+${d.members.added}`, d.members.removed && `−${d.members.removed}`].filter(Boolean).join(', ') || 'no change'})`
    : '';
  return `${who} ${verb[0]}${target ? ' ' + target : ''}${counts}${quirks}`;
}
