/** Who sent a request and what it did, in words a person reads at a glance. */
import { OPERATIONS, type Operation } from '../../shared/operations';
import type { ClientKind, DialectNote } from '../../shared/types';

/**
 * `fromConsole` is true only for a request carrying the per-run console mark (capture checks it):
 * a header anyone can send must not make a request from outside look like the user's own.
 */
export function detectClient(userAgent: string | undefined, query: string, fromConsole: boolean): ClientKind {
  if (fromConsole) return 'console';
  const ua = userAgent ?? '';
  // First: a user's own curl (copy as curl sends `-A curl`) repeating an Entra request keeps
  // Entra's query flag, and must not be shown as Entra.
  if (/^curl(\/|$)/i.test(ua)) return 'curl';
  if (/okta/i.test(ua)) return 'okta';
  if (/azure|microsoft|entra|\baad\b/i.test(ua) || /aadOptscim/i.test(query)) return 'entra';
  return 'other';
}

const CLIENT_NAMES: Record<ClientKind, string> = {
  entra: 'Entra',
  okta: 'Okta',
  console: 'The console',
  curl: 'curl',
  other: 'A client',
};

export interface Description {
  client: ClientKind;
  operation: Operation;
  status: number;
  subject: string | null;
  resourceId: string | null;
  filter: string | null;
  notes: DialectNote[];
  /** The SCIM error detail, when the request failed. */
  detail: string | null;
  members?: { added: number; removed: number } | undefined;
  /** The write succeeded and left everything as it was. */
  unchanged?: boolean;
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
  const verb = OPERATIONS[d.operation];
  const target = d.subject ?? d.resourceId ?? '';
  if (d.status >= 400) {
    const attempt = verb.infinitive ? `tried to ${verb.infinitive}${target ? ' ' + target : ''}` : 'sent a request';
    return `${who} ${attempt}, which failed with ${d.status}: ${d.detail ?? 'error'}${quirks}`;
  }
  if (!verb.past) return `${who} sent a request (${d.status})${quirks}`;
  const counts = d.unchanged
    ? ' (no change)'
    : d.members
      ? ` (${[d.members.added && `+${d.members.added}`, d.members.removed && `−${d.members.removed}`].filter(Boolean).join(', ') || 'no change'})`
      : '';
  return `${who} ${verb.past}${target ? ' ' + target : ''}${counts}${quirks}`;
}
