import type { FaultMark, FaultReaction } from './faults';
import type { Operation } from './operations';

/**
 * Data shapes that cross a process boundary (engine ⇄ console, main ⇄ renderer).
 * Only plain JSON-serialisable data lives here.
 */

/** Who sent a request, guessed from its User-Agent and shape. */
export type ClientKind = 'entra' | 'okta' | 'console' | 'curl' | 'other';

/** Something a client sent that RFC 7643/7644 does not allow, which the bench accepted anyway. */
export interface DialectNote {
  /** Stable code, e.g. `string-boolean`, for filtering and tests. */
  code: string;
  /** What the client sent, in plain words. */
  message: string;
}

/** One row of the traffic list: enough to show and filter, without the bodies. */
export interface TrafficSummary {
  id: number;
  /** ISO 8601 time the request arrived. */
  time: string;
  client: ClientKind;
  method: string;
  path: string;
  /** The query string, without the `?` (secrets masked): a lookup and a list share a path, not a target. */
  query: string;
  status: number;
  /** The request presented valid credentials; refused requests are never replayed. */
  authenticated: boolean;
  /** How many things the client sent that RFC 7643/7644 does not allow, which the bench accepted. */
  deviations: number;
  durationMs: number;
  /** What the request did, e.g. `create-user`, `lookup-users`, `auth-failed` (shared/operations.ts). */
  operation: Operation;
  resourceType: string | null;
  resourceId: string | null;
  /** One sentence a person reads at a glance. */
  sentence: string;
  /**
   * A read the console made itself (a Directory read, Test connection; not a replay): hidden from
   * the list and the statistics unless asked for, so it does not bury the client's traffic.
   */
  consoleRead: boolean;
  /** The endpoint (its id) the request was sent to; `default` for `/scim/v2` and for entries older than endpoints. */
  endpoint: string;
  /** The fault a rule injected into this request (docs/faults.md), or null. */
  fault: FaultMark | null;
  /** This request's place among the attempts of a faulted request, or null when it is none. */
  reaction: FaultReaction | null;
}

/** A full traffic entry: the summary plus what was sent and answered (secrets already redacted). */
export interface TrafficEntry extends TrafficSummary {
  requestHeaders: Record<string, string>;
  requestBody: string | null;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  notes: DialectNote[];
  /** The resource before and after a change (SCIM JSON, members excluded); null when nothing changed. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Members a group change added and removed (counts, and the first members of each by name). */
  members: MemberChanges | null;
  /** The entry this request replays (a replay from the console); null otherwise. */
  replayOf: number | null;
  /** Entries that replay this one, oldest first (at most 20); only `traffic:get` fills it. */
  replays?: number[];
}

/** A group member named in a change: its id, and its userName (a user) or displayName (a group). */
export interface MemberRef {
  id: string;
  name: string | null;
}

/** What a change did to a group's members: whole counts, and the first 50 members of each side. */
export interface MemberChanges {
  added: number;
  removed: number;
  /** Absent in entries recorded before members were named. */
  addedMembers?: MemberRef[];
  removedMembers?: MemberRef[];
}

export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx';

/** Which entries to list, count or export; every field narrows. */
export interface TrafficFilter {
  method?: string;
  statusClass?: StatusClass;
  resourceType?: string;
  /** One resource's requests: those that created, read, changed or deleted it, or looked it up and found it. */
  resourceId?: string;
  operation?: string;
  client?: ClientKind;
  /** Only requests where the client strayed from the RFC (deviations > 0). */
  deviated?: boolean;
  /** Only faulted requests and the client's further attempts of them (docs/faults.md). */
  faulted?: boolean;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
  /** Only the last this many minutes, counted when the query runs: a window that rolls with time. */
  lastMinutes?: number;
  /** Leave out the console's own reads (see `TrafficSummary.consoleRead`). */
  hideConsoleReads?: boolean;
  /** One endpoint's traffic (its id); absent: every endpoint's. */
  endpoint?: string;
  /** Full-text search over path, query, bodies and sentence (SQLite FTS5 syntax is not required). */
  text?: string;
}

export interface TrafficStats {
  total: number;
  errorRate: number;
  latencyMs: { p50: number; p95: number; p99: number } | null;
  byOperation: Record<string, number>;
  byClient: Record<string, number>;
  byStatusClass: Record<string, number>;
  /**
   * Counts for each choice of a filter, under every other filter but not that one (so a chosen
   * operation does not hide the other operations from its own menu).
   */
  facets: { operation: Record<string, number>; client: Record<string, number>; statusClass: Record<string, number> };
  /** The console's own reads matching every other filter: what `hideConsoleReads` leaves out (or would). */
  consoleReads: number;
}

/** Bounds on entry ids (ids only grow): pin a list and its statistics to one moment of the log. */
export interface TrafficRange {
  /** Only entries with an id lower than this. */
  before?: number;
  /** Only entries with an id higher than this (what arrived since a page's `newestId`). */
  after?: number;
}

export interface TrafficStatsQuery extends TrafficFilter, TrafficRange {}

export type ExportFormat = 'har' | 'ndjson';

/** Newest first; `before` is also the cursor of the next page. */
export interface TrafficQuery extends TrafficFilter, TrafficRange {
  /** Page size, 1–500 (default 100). */
  limit?: number;
  /** Skip this many matching entries first: a page anywhere in the list, for a scrollbar dragged far. */
  offset?: number;
}

export interface TrafficPage {
  entries: TrafficSummary[];
  /** Pass as `before` to get the next (older) page; null when there is none. */
  nextCursor: number | null;
  /** The newest id in the whole log when this page was read (0 when empty); `after` it is what is new. */
  newestId: number;
}

export type BackupState = 'disabled' | 'idle' | 'running' | 'ok' | 'error' | 'offline';

export interface BackupStatus {
  state: BackupState;
  /** The folder backups go to, as the user gave it; null when backups are off. */
  target: string | null;
  intervalMs: number;
  lastSuccess: string | null;
  lastAttempt: string | null;
  /** The last failure in words a person can act on; null after a success. */
  lastError: string | null;
  nextRun: string | null;
  /** Size of the newest good generation, in bytes. */
  sizeBytes: number | null;
  generations: number;
  /** Set when the folder and this machine both changed since they last matched (see docs/backup.md). */
  conflict: string | null;
}

/** One backup on the share, as listed in its manifest. */
export interface BackupGeneration {
  file: string;
  time: string;
  size: number;
  changes: number;
  host: string;
  appVersion: string;
}

/** What the console needs to show how to connect a client. */
export interface BenchInfo {
  version: string;
  scimUrl: string;
  /** The current bearer token. */
  token: string;
  /** After a rotation, the old token keeps working until this time; null otherwise. */
  previousTokenValidUntil: string | null;
  /** OAuth 2.0 client credentials (Entra's "OAuth2 client credentials grant"). */
  oauth: { clientId: string; clientSecret: string; tokenUrl: string };
  dataDir: string;
  /** Started with --trust-proxy: locations use the tunnel's X-Forwarded-Proto/Host. */
  trustProxy: boolean;
}

/** What the console can change; applied at once and kept for the next launch. */
export interface Settings {
  backupDir: string | null;
  backupIntervalMs: number;
  backupGenerations: number;
  strict: boolean;
  retention: {
    maxEntries: number;
    maxAgeDays: number;
    /** Bytes of traffic.db in use (default 1 GiB); the oldest entries go first. Absent in an update: unchanged. */
    maxBytes?: number;
  };
  /** Desktop app: closing the window keeps SCIM Bench running in the tray. */
  closeToTray: boolean;
  /** Desktop app: an OS notification when a backup fails. */
  notifyOnBackupFailure: boolean;
  /** The global switch over fault injection (console and tray): while true, no rule fires on any endpoint. */
  faultsPaused: boolean;
  /**
   * The tunnel's public host (`bench-demo.trycloudflare.com`), remembered for Connect's Tenant URL;
   * null when not given. Always in what the engine returns; absent in an update: unchanged.
   */
  tunnelHost?: string | null;
  /** Listener ports, shown for reference: they change at the next launch (flags or environment). */
  port: number;
  consolePort: number | null;
}

/** One step of "Test connection": what Entra's own probe does, and how it went. */
export interface ConnectionStep {
  name: string;
  ok: boolean;
  status: number | null;
  detail: string;
  ms: number;
}

/** A SCIM request made from the console (the Directory screen); recorded as console traffic. */
export interface ScimCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** The endpoint (its id) the request goes to; absent: the default endpoint. */
  endpoint?: string;
}

/** What a folder is, as a backup folder (`backup:check-folder`): the words say what saving it would do. */
export type BackupFolderState =
  /** The folder backups already go to, with its marker. */
  | 'in-use'
  /** An existing, writable folder without a marker: a new backup set starts there. */
  | 'new'
  /** It does not exist, but its parent does and is writable: it is created when saved. */
  | 'will-create'
  /** It holds another backup set's marker: backups are added to that set. */
  | 'existing-set'
  /** This machine used it, but its marker is gone: an unmounted share, or a folder recreated empty. */
  | 'lost-marker'
  /** Refused: not absolute, not a folder, not writable, no parent, a damaged marker, or not answering. */
  | 'refused';

export interface BackupFolderCheck {
  /** The folder as given (never normalised: UNC paths stay as they are). */
  dir: string;
  state: BackupFolderState;
  /** True when it can be saved as the backup folder (possibly after the confirmation the verdict asks for). */
  canSave: boolean;
  /** What saving it would do, or why it is refused, in words. */
  verdict: string;
  /** Generations its manifest lists (null when there is none or it cannot be read). */
  generations: number | null;
}

/** One provisioning cycle: a client's burst of requests, less than two minutes apart (`activity:cycles`). */
export interface ActivityCycle {
  /** The id of its first request: stable, and the paging cursor. */
  id: number;
  /** The id of its newest request. */
  lastId: number;
  client: ClientKind;
  /** ISO times of its first and newest request. */
  start: string;
  end: string;
  /** Its last request is less than the gap ago: more may come. */
  inProgress: boolean;
  requests: number;
  /** Successful changes by operation (`create-user` → 30): how many resources each changed. */
  changes: Partial<Record<Operation, number>>;
  /** Successful requests that changed nothing (lookups, lists, discovery, tokens). */
  reads: number;
  /** Requests answered 400 or above, by operation: they changed nothing. */
  failures: Partial<Record<Operation, number>>;
  /** Each kind of dialect note once, with one example and how many requests sent it. */
  notes: (DialectNote & { requests: number })[];
}

export interface ActivityPage {
  /** Newest first. */
  cycles: ActivityCycle[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextCursor: number | null;
  /** Cycles in the whole log. */
  total: number;
}
