/**
 * Replays a recorded request against the bench's own SCIM listener, so it is captured as a new
 * entry. Stored entries are redacted, so the current token is used and masked fields stay masked.
 *
 * Threat model: the log holds whatever anyone on the internet sent the SCIM port. So:
 * - only a request that presented valid credentials is replayed — an unauthenticated one would
 *   run with the real token — and never a token request;
 * - the request target goes out byte for byte as it was received (node:http, no URL parser): a
 *   parser turns `/Users/x/%2e%2e/<victim>`, a 404 when it arrived, into `/Users/<victim>`;
 * - what will be sent is shown first (`replayPreview`), built by the same code as what is sent.
 *
 * The replay names the entry it repeats in X-Scim-Bench-Replay-Of; capture keeps that link only
 * beside the console mark, and `replay` resolves with the new entry's id once it is recorded.
 */
import { request } from 'node:http';
import type { ReplayRequest } from '../../shared/api';
import type { TrafficEntry } from '../../shared/types';
import { TOKEN_PATH } from '../auth/oauth-token';
import { consoleHeaders } from '../console/console-mark';
import { CommandError } from '../commands';

/** Recorded headers sent again; everything else is the console's own. */
const FORWARDED = ['content-type', 'accept', 'if-match', 'if-none-match'];
export const TOKEN_PLACEHOLDER = '<the current token>';
export const MARK_PLACEHOLDER = '<this run’s console mark>';
/** Names the entry a replay repeats (lower case: as node:http presents request headers). */
export const REPLAY_OF_HEADER = 'x-scim-bench-replay-of';
/** How long `replay` waits for its entry to be recorded (batched off the request path: about 25 ms). */
const RECORDED_WITHIN_MS = 3000;
/** What node:http (and HTTP) accepts in a request target: visible ASCII and obs-text, no spaces. */
const SENDABLE_TARGET = /^\/[\x21-\x7e\x80-\xff]*$/;

export interface TrafficLookup {
  get(id: number): TrafficEntry | null;
}

/** The traffic log as replay reads it: entries, and where a replay of one was recorded. */
export interface ReplayLog extends TrafficLookup {
  lastId(): number;
  replayAfter(id: number, after: number): number | null;
}

/** Calls `listener` whenever entries are written; returns the unsubscribe function. */
export type OnWritten = (listener: () => void) => () => void;

/** The entry, if it may be replayed; otherwise a CommandError that says why not. */
function replayable(traffic: TrafficLookup, id: number): TrafficEntry {
  const entry = traffic.get(id);
  if (!entry) throw new CommandError(404, `No traffic entry ${id}`);
  if (entry.operation.startsWith('oauth-token') || entry.path === TOKEN_PATH)
    throw new CommandError(
      422,
      `Entry ${id} is a token request; those are never replayed (the log keeps no client secrets)`,
    );
  if (!entry.authenticated)
    throw new CommandError(
      422,
      `Entry ${id} did not present valid credentials (it was answered ${entry.status}); replaying it would run it with the real token, so it is never replayed`,
    );
  if (!SENDABLE_TARGET.test(targetOf(entry)))
    throw new CommandError(422, `Entry ${id} cannot be sent again exactly as it was received`);
  return entry;
}

const targetOf = (entry: TrafficEntry) => `${entry.path}${entry.query ? `?${entry.query}` : ''}`;

function build(entry: TrafficEntry, origin: string, secrets: { token: string; mark: string }): ReplayRequest {
  const body =
    entry.requestBody !== null && entry.method !== 'GET' && entry.method !== 'HEAD' ? entry.requestBody : null;
  const headers: Record<string, string> = {
    Host: new URL(origin).host,
    Authorization: `Bearer ${secrets.token}`,
    ...consoleHeaders(secrets.mark, 'SCIM Bench replay'),
    'X-Scim-Bench-Replay-Of': String(entry.id),
  };
  for (const name of FORWARDED) if (entry.requestHeaders[name]) headers[name] = entry.requestHeaders[name];
  if (body !== null) headers['Content-Length'] = String(Buffer.byteLength(body));
  return { method: entry.method, target: targetOf(entry), headers, body };
}

/** Exactly what `replay` would send for entry `id`, with the token and the console mark as placeholders. */
export function replayPreview(traffic: TrafficLookup, id: number, origin: string): ReplayRequest {
  return build(replayable(traffic, id), origin, { token: TOKEN_PLACEHOLDER, mark: MARK_PLACEHOLDER });
}

/**
 * Sends entry `id` again to `origin` (the bench's SCIM listener) with the current token and the
 * console `mark`; resolves with the answer's status and the new entry's id (null when it was not
 * recorded in time, e.g. with capture off).
 */
export async function replay(
  traffic: ReplayLog,
  id: number,
  origin: string,
  secrets: { token: string; mark: string },
  onWritten: OnWritten,
): Promise<{ status: number; id: number | null }> {
  const entry = replayable(traffic, id);
  const after = traffic.lastId();
  const { status } = await send(build(entry, origin, secrets), origin);
  return { status, id: await recorded(() => traffic.replayAfter(id, after), onWritten) };
}

/** Waits until `find` finds the entry, rechecking whenever entries are written; null after the deadline. */
function recorded(find: () => number | null, onWritten: OnWritten): Promise<number | null> {
  return new Promise((resolve) => {
    const finish = (found: number | null) => {
      clearTimeout(timer);
      stop();
      resolve(found);
    };
    const check = () => {
      let found: number | null;
      try {
        found = find();
      } catch {
        return finish(null); // the log closed (shutdown): the replay was sent, its entry is unknown
      }
      if (found !== null) finish(found);
    };
    const timer = setTimeout(() => finish(null), RECORDED_WITHIN_MS);
    const stop = onWritten(check);
    check();
  });
}

function send(sent: ReplayRequest, origin: string): Promise<{ status: number }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname.replace(/^\[(.*)\]$/, '$1'),
        port,
        method: sent.method,
        path: sent.target, // as received: node:http does not normalise it
        headers: sent.headers,
        setHost: false,
        signal: AbortSignal.timeout(30_000),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode! }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(sent.body ?? undefined);
  });
}
