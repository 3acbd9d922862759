/**
 * Fault rules in words, for the engine's marks and the console alike: what a rule matches, what it
 * does and when — "answered 429 Too Many Requests with Retry-After: 30", "on 20 % of matching
 * requests (seed busy-app)".
 */
import type { FaultAction, FaultMark, FaultMatch, FaultTrigger } from './faults';
import { OPERATIONS, type Operation } from './operations';

/**
 * What a fault did to a request (`FaultMark.did`); `delayMs` is the latency drawn, `refused` the
 * error the bench itself answered before the fault (then nothing was applied, whatever the rule).
 */
export function describeAction(action: FaultAction, delayMs = 0, refused?: number): string {
  if (refused !== undefined && (action.kind === 'applied-but-error' || action.kind === 'malformed'))
    return `${action.kind === 'malformed' ? 'damaged the answer' : `answered ${action.status}`}; nothing was applied, as the bench itself refused the request with ${refused}`;
  switch (action.kind) {
    case 'latency':
      return `answered after a delay of ${delayMs} ms`;
    case 'throttle':
      return `answered 429 Too Many Requests with Retry-After: ${action.retryAfterSeconds}`;
    case 'error':
      return `answered ${action.status} and changed nothing`;
    case 'hang':
      return 'never answered (the connection was held open)';
    case 'reset':
      return 'reset the connection without answering';
    case 'attribute-error':
      return `answered ${action.status} ${action.scimType} on ${action.attribute} and changed nothing`;
    case 'applied-but-error':
      return `applied the change but answered ${action.status}`;
    case 'malformed':
      return action.shape === 'truncated'
        ? 'applied the change and cut the answer short'
        : 'applied the change and answered with a body that is not JSON';
  }
}

/**
 * The mark as the request ended: a delayed answer the client did not wait for (status 0, it closed
 * the connection first) was never "answered after a delay" — yet the change was kept, which is why
 * the client's retry may then meet a 409.
 */
export function markAsEnded(mark: FaultMark, status: number, delayMs: number): FaultMark {
  if (status !== 0 || mark.action !== 'latency') return mark;
  const kept = mark.applied ? '; the change was kept' : '';
  return { ...mark, did: `held the answer ${delayMs} ms, but the client closed the connection first${kept}` };
}

/** What a rule does, before it has fired: "answer 429 with Retry-After: 30". */
export function actionWords(action: FaultAction): string {
  switch (action.kind) {
    case 'latency':
      return action.jitterMs
        ? `answer ${action.ms}–${action.ms + action.jitterMs} ms late`
        : `answer ${action.ms} ms late`;
    case 'throttle':
      return `answer 429 with Retry-After: ${action.retryAfterSeconds}`;
    case 'error':
      return `answer ${action.status}, changing nothing`;
    case 'hang':
      return `hold the connection open without an answer (up to ${Math.round(action.maxMs / 1000)} s)`;
    case 'reset':
      return 'reset the connection';
    case 'attribute-error':
      return `answer ${action.status} ${action.scimType} on ${action.attribute}, changing nothing`;
    case 'applied-but-error':
      return `apply the change, then answer ${action.status}`;
    case 'malformed':
      return action.shape === 'truncated'
        ? 'apply the change, then cut the answer short'
        : 'apply the change, then answer HTML';
  }
}

const CLIENT_NAMES: Record<string, string> = { entra: 'Entra', okta: 'Okta', curl: 'curl', other: 'other clients' };
const list = (items: string[], joiner = 'or') =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${joiner} ${items.at(-1)}`;

/** "POST or PATCH to create user from Entra, sending department"; "every request" for an empty match. */
export function matchWords(match: FaultMatch): string {
  const parts: string[] = [];
  if (match.methods?.length) parts.push(list(match.methods));
  if (match.operations?.length)
    parts.push(`to ${list(match.operations.map((o) => OPERATIONS[o as Operation].infinitive ?? o))}`);
  if (match.resourceType) parts.push(match.resourceType === 'User' ? 'on users' : 'on groups');
  if (match.path) parts.push(`at ${match.path}`);
  if (match.clients?.length) parts.push(`from ${list(match.clients.map((c) => CLIENT_NAMES[c] ?? c))}`);
  if (match.attribute) parts.push(`sending ${match.attribute}`);
  return parts.length ? `requests ${parts.join(' ')}` : 'every request';
}

const ordinal = (n: number) => {
  const tens = n % 100;
  return `${n}${tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
};

/** "always", "on 20 % of them (seed busy-app)", "on every 3rd", "for 2 min every 10 min". */
export function triggerWords(when: FaultTrigger): string {
  switch (when.kind) {
    case 'always':
      return 'always';
    case 'probability':
      return `on ${Math.round(when.p * 1000) / 10} % of them (seed ${when.seed})`;
    case 'every':
      return when.n === 1 ? 'on every one' : `on every ${ordinal(when.n)}`;
    case 'first':
      return when.n === 1 ? 'on the first only' : `on the first ${when.n}`;
    case 'window':
      return `between ${when.from} and ${when.to}`;
    case 'schedule':
      return `for ${seconds(when.onSeconds)} every ${seconds(when.everySeconds)}`;
  }
}

const seconds = (s: number) => (s % 60 ? `${s} s` : s % 3600 ? `${s / 60} min` : `${s / 3600} h`);
