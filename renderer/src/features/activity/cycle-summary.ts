/**
 * A provisioning cycle in words: what it changed, by kind, what failed (and so changed nothing),
 * and how much it only read. Pure, so it is unit-tested.
 */
import type { Operation } from '../../../../shared/operations';
import type { ActivityCycle, ClientKind } from '../../../../shared/types';

export const CLIENTS: Record<ClientKind, string> = {
  entra: 'Entra',
  okta: 'Okta',
  console: 'The console',
  curl: 'curl',
  other: 'Another client',
};

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** What each kind of change did, with how many resources it changed. */
const CHANGED: Partial<Record<Operation, (n: number) => string>> = {
  'create-user': (n) => `created ${count(n, 'user')}`,
  'create-group': (n) => `created ${count(n, 'group')}`,
  'replace-user': (n) => `replaced ${count(n, 'user')}`,
  'replace-group': (n) => `replaced ${count(n, 'group')}`,
  'update-user': (n) => `updated ${count(n, 'user')}`,
  'update-group': (n) => `updated ${count(n, 'group')}`,
  'disable-user': (n) => `disabled ${count(n, 'user')}`,
  'enable-user': (n) => `enabled ${count(n, 'user')}`,
  'delete-user': (n) => `deleted ${count(n, 'user')}`,
  'delete-group': (n) => `deleted ${count(n, 'group')}`,
  'update-members': (n) => `changed the members of ${count(n, 'group')}`,
  bulk: (n) => `sent ${count(n, 'bulk request')}`,
};

/** What a failed request tried to do. */
const TRIED: Partial<Record<Operation, string>> = {
  'auth-failed': 'without valid credentials',
  'oauth-token-refused': 'token request',
  unavailable: 'while unavailable',
  'not-found': 'not found',
  'too-large': 'too large',
  'bad-request': 'malformed',
  'server-error': 'server error',
  unknown: 'unrecognised',
};
const tried = (operation: Operation) => TRIED[operation] ?? operation.replace(/-/g, ' ');

/** `a, b and c`. */
const list = (parts: string[]) =>
  parts.length < 2 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;

/** "Entra created 30 users, disabled 5 users and changed the members of 2 groups." */
export function changesSentence(cycle: ActivityCycle): string {
  const changes = (Object.keys(CHANGED) as Operation[])
    .filter((op) => cycle.changes[op])
    .map((op) => CHANGED[op]!(cycle.changes[op]!));
  return `${CLIENTS[cycle.client]} ${changes.length ? list(changes) : 'changed nothing'}.`;
}

/** "3 failed and changed nothing (create user 1, update user 1, without valid credentials 1)", or null. */
export function failuresSentence(cycle: ActivityCycle): string | null {
  const entries = Object.entries(cycle.failures) as [Operation, number][];
  const failed = entries.reduce((sum, [, n]) => sum + n, 0);
  if (!failed) return null;
  const detail = entries
    .sort((a, b) => b[1] - a[1])
    .map(([op, n]) => `${tried(op)} ${n.toLocaleString('en')}`)
    .join(', ');
  return `${failed.toLocaleString('en')} failed and changed nothing (${detail}).`;
}

/** "31 reads · 82 requests". */
export const volumeSentence = (cycle: ActivityCycle): string =>
  `${count(cycle.reads, 'read')} · ${count(cycle.requests, 'request')}`;
