/** Traffic entries as rows of `traffic.db`: what is inserted, the columns read, and rows back to entries. */
import type { FaultMark, FaultReaction } from '../../shared/faults';
import type { Operation } from '../../shared/operations';
import type { ClientKind, DialectNote, TrafficEntry, TrafficSummary } from '../../shared/types';

/** What activity cycles are built from (TrafficStore.activityRows). */
export interface ActivityRow {
  id: number;
  time: string;
  client: ClientKind;
  operation: Operation;
  status: number;
  resourceId: string | null;
  /** The dialect notes, only where the client strayed from the RFC. */
  notes: DialectNote[] | null;
}

/** An entry before it has an id (`replayOf` defaults to null; `consoleRead` is worked out at insert). */
export type NewTrafficEntry = Omit<
  TrafficEntry,
  'id' | 'replayOf' | 'replays' | 'consoleRead' | 'endpoint' | 'fault' | 'reaction'
> & {
  replayOf?: number | null;
  /** A fault injected into it, and its place among a faulted request's attempts (default: none). */
  fault?: FaultMark | null;
  reaction?: FaultReaction | null;
  /** The endpoint's id (default: the default endpoint). */
  endpoint?: string;
};

/** Named parameters match NewTrafficEntry, with JSON columns already serialised. Used by the writer thread too. */
export const INSERT_TRAFFIC_SQL = `INSERT INTO traffic (time, client, method, path, query, status, authenticated,
    deviations, duration_ms, operation, resource_type, resource_id, sentence, request_headers, request_body,
    response_headers, response_body, notes, before_json, after_json, members_json, replay_of, console_read, endpoint,
    fault_json, reaction_json, episode)
  VALUES (@time, @client, @method, @path, @query, @status, @authenticated, @deviations, @durationMs, @operation,
    @resourceType, @resourceId, @sentence, @requestHeaders, @requestBody, @responseHeaders, @responseBody, @notes,
    @before, @after, @members, @replayOf, @consoleRead, @endpoint, @fault, @reaction, @episode)`;

/**
 * A read the console made itself: the Directory's reads and Test connection. Replays are the
 * user's own deliberate requests (capture links them to what they replay), so they stay in view.
 */
export const isConsoleRead = (e: NewTrafficEntry): boolean =>
  e.client === 'console' && (e.method === 'GET' || e.method === 'HEAD') && (e.replayOf ?? null) === null;

export const SUMMARY_COLUMNS = `id, time, client, method, path, query, status, authenticated, deviations, duration_ms AS durationMs,
  operation, resource_type AS resourceType, resource_id AS resourceId, sentence, console_read AS consoleRead, endpoint,
  fault_json, reaction_json`;
export const FULL_COLUMNS = `${SUMMARY_COLUMNS}, request_headers, request_body AS requestBody, response_headers,
  response_body AS responseBody, notes, before_json, after_json, members_json, replay_of AS replayOf`;

export const parseJson = <T>(text: unknown): T | null => (typeof text === 'string' ? (JSON.parse(text) as T) : null);

/** A summary row as an entry's summary: SQLite has no booleans (the columns are 0 or 1) and keeps JSON as text. */
export const withFlag = <
  T extends { authenticated: unknown; consoleRead: unknown; fault_json?: unknown; reaction_json?: unknown },
>({
  fault_json,
  reaction_json,
  ...row
}: T) => ({
  ...row,
  authenticated: row.authenticated === 1,
  consoleRead: row.consoleRead === 1,
  fault: parseJson<FaultMark>(fault_json),
  reaction: parseJson<FaultReaction>(reaction_json),
});

export function toEntry(row: Record<string, unknown>): TrafficEntry {
  const { request_headers, response_headers, notes, before_json, after_json, members_json, ...rest } = row;
  return {
    ...(withFlag(rest as { authenticated: unknown; consoleRead: unknown }) as unknown as TrafficSummary &
      Pick<TrafficEntry, 'requestBody' | 'responseBody' | 'replayOf'>),
    requestHeaders: parseJson(request_headers) ?? {},
    responseHeaders: parseJson(response_headers) ?? {},
    notes: parseJson(notes) ?? [],
    before: parseJson(before_json),
    after: parseJson(after_json),
    members: parseJson(members_json),
  };
}

/** An entry's stored text in bytes (octet_length does not read the text itself), plus its fixed columns. */
export const ENTRY_BYTES = `(200 + octet_length(path) + octet_length(query) + octet_length(sentence) + octet_length(request_headers)
  + octet_length(response_headers) + octet_length(notes) + coalesce(octet_length(request_body), 0)
  + coalesce(octet_length(response_body), 0) + coalesce(octet_length(before_json), 0)
  + coalesce(octet_length(after_json), 0))`;

export function summaryOf(e: TrafficSummary): TrafficSummary {
  return {
    id: e.id,
    time: e.time,
    client: e.client,
    method: e.method,
    path: e.path,
    query: e.query,
    status: e.status,
    authenticated: e.authenticated,
    deviations: e.deviations,
    durationMs: e.durationMs,
    operation: e.operation,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    sentence: e.sentence,
    consoleRead: e.consoleRead,
    endpoint: e.endpoint,
    fault: e.fault,
    reaction: e.reaction,
  };
}
