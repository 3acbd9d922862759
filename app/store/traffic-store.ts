/**
 * The traffic log, in its own database file (`traffic.db`): it grows far faster than the
 * provisioning data, so it must not make every backup of `bench.db` slow. Full-text search is an
 * FTS5 index kept in step by triggers, over authenticated requests only.
 *
 * Threat model: the log holds what anyone on the internet sent the SCIM port. Refused requests are
 * never indexed (an attacker must not grow the index); deleted content is overwritten, not left in
 * free pages, and free pages go back to the file system (secure_delete, incremental auto-vacuum);
 * a file deleted while the bench runs is noticed (`replaced`) and a new one opened (`reopen`).
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ENDPOINT_ID } from '../../shared/endpoints';
import type { Operation } from '../../shared/operations';
import type {
  ClientKind,
  DialectNote,
  StatusClass,
  TrafficEntry,
  TrafficFilter,
  TrafficPage,
  TrafficQuery,
  TrafficRange,
  TrafficStats,
  TrafficStatsQuery,
  TrafficSummary,
} from '../../shared/types';
import type Database from 'better-sqlite3';
import { makePrivateDir } from '../fs/private-mode';
import { openDatabase, type Db } from './database';
import { join, raw, sql, type Sql } from './sql';

export const TRAFFIC_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE traffic (
    id               INTEGER PRIMARY KEY,
    time             TEXT NOT NULL,
    client           TEXT NOT NULL,
    method           TEXT NOT NULL,
    path             TEXT NOT NULL,
    query            TEXT NOT NULL,
    status           INTEGER NOT NULL,
    duration_ms      REAL NOT NULL,
    operation        TEXT NOT NULL,
    resource_type    TEXT,
    resource_id      TEXT,
    sentence         TEXT NOT NULL,
    request_headers  TEXT NOT NULL,
    request_body     TEXT,
    response_headers TEXT NOT NULL,
    response_body    TEXT,
    notes            TEXT NOT NULL
  );
  CREATE INDEX traffic_by_time ON traffic (time);
  `,
  `
  ALTER TABLE traffic ADD COLUMN before_json TEXT;
  ALTER TABLE traffic ADD COLUMN after_json TEXT;
  ALTER TABLE traffic ADD COLUMN members_json TEXT;
  CREATE INDEX traffic_by_operation ON traffic (operation);
  CREATE INDEX traffic_by_status ON traffic (status);
  CREATE VIRTUAL TABLE traffic_fts USING fts5 (
    path, query, request_body, response_body, sentence, content = 'traffic', content_rowid = 'id'
  );
  INSERT INTO traffic_fts (traffic_fts) VALUES ('rebuild');
  CREATE TRIGGER traffic_fts_insert AFTER INSERT ON traffic BEGIN
    INSERT INTO traffic_fts (rowid, path, query, request_body, response_body, sentence)
    VALUES (new.id, new.path, new.query, new.request_body, new.response_body, new.sentence);
  END;
  CREATE TRIGGER traffic_fts_delete AFTER DELETE ON traffic BEGIN
    INSERT INTO traffic_fts (traffic_fts, rowid, path, query, request_body, response_body, sentence)
    VALUES ('delete', old.id, old.path, old.query, old.request_body, old.response_body, old.sentence);
  END;
  `,
  // Index less: response bodies of successful requests are mostly echoes of what was sent and made
  // indexing the costliest part of capture. Error responses stay searchable (their detail matters).
  `
  DROP TRIGGER traffic_fts_insert;
  DROP TRIGGER traffic_fts_delete;
  DROP TABLE traffic_fts;
  CREATE VIRTUAL TABLE traffic_fts USING fts5 (path, query, request_body, sentence, error_body, content = '', contentless_delete = 1);
  INSERT INTO traffic_fts (rowid, path, query, request_body, sentence, error_body)
    SELECT id, path, query, request_body, sentence, CASE WHEN status >= 400 THEN response_body END FROM traffic;
  CREATE TRIGGER traffic_fts_insert AFTER INSERT ON traffic BEGIN
    INSERT INTO traffic_fts (rowid, path, query, request_body, sentence, error_body)
    VALUES (new.id, new.path, new.query, new.request_body, new.sentence, CASE WHEN new.status >= 400 THEN new.response_body END);
  END;
  CREATE TRIGGER traffic_fts_delete AFTER DELETE ON traffic BEGIN
    DELETE FROM traffic_fts WHERE rowid = old.id;
  END;
  `,
  // Statistics read only these columns: covering indexes let them scan those instead of the wide
  // rows (bodies and headers), and read percentiles by walking durations in order — 100,000
  // entries in about 15 ms instead of about 300.
  `
  DROP INDEX traffic_by_operation;
  CREATE INDEX traffic_stats ON traffic (operation, client, status, duration_ms);
  CREATE INDEX traffic_by_duration ON traffic (duration_ms);
  `,
  // Requests without valid credentials are kept small and never indexed: anyone can send them.
  // Entries from before this step cannot show they were authenticated (so they are never
  // replayed); refused ones leave the index now.
  `
  ALTER TABLE traffic ADD COLUMN authenticated INTEGER NOT NULL DEFAULT 0;
  DROP TRIGGER traffic_fts_insert;
  CREATE TRIGGER traffic_fts_insert AFTER INSERT ON traffic WHEN new.authenticated = 1 BEGIN
    INSERT INTO traffic_fts (rowid, path, query, request_body, sentence, error_body)
    VALUES (new.id, new.path, new.query, new.request_body, new.sentence, CASE WHEN new.status >= 400 THEN new.response_body END);
  END;
  DELETE FROM traffic_fts WHERE rowid IN
    (SELECT id FROM traffic WHERE status IN (401, 429) OR operation IN ('auth-failed', 'oauth-token-refused'));
  `,
  // How many things the client sent that RFC 7643/7644 does not allow (and the bench accepted),
  // counted at capture: the traffic list marks those rows and can list only them.
  `
  ALTER TABLE traffic ADD COLUMN deviations INTEGER NOT NULL DEFAULT 0;
  UPDATE traffic SET deviations = json_array_length(notes) WHERE notes <> '[]';
  CREATE INDEX traffic_by_deviations ON traffic (deviations) WHERE deviations > 0;
  `,
  // Replays link both ways: a replay names the entry it repeats (capture sets it only for requests
  // carrying the console mark, so no client can forge the link); the original finds its replays.
  `
  ALTER TABLE traffic ADD COLUMN replay_of INTEGER;
  CREATE INDEX traffic_by_replay_of ON traffic (replay_of) WHERE replay_of IS NOT NULL;
  `,
  // One resource's requests (the Directory's "show this user's traffic"): without it, counting
  // them read the whole log — 3.3 s over 1,000,000 entries.
  `
  CREATE INDEX traffic_by_resource ON traffic (resource_id) WHERE resource_id IS NOT NULL;
  `,
  // The whole log in the console (1,000,000 entries: see scripts/bench/ui-bench.ts):
  // - the console's own reads are marked, so the list and the statistics can leave them out;
  // - the list walks ids through a narrow index holding every column a filter reads, so a page
  //   deep in a filtered list never touches the wide rows (and statistics of a search join it);
  // - percentiles walk durations through an index that also holds those columns;
  // - the full-text index keeps 2- and 3-character prefixes: a search typed or pasted ends in a
  //   partial word or a TLD (`…@contoso.com`), and a prefix without one merges every matching
  //   word's list of entries (80 ms at 1,000,000 entries; 1 ms with it). It is rebuilt from the
  //   entries the old one held (refused requests stay out).
  `
  ALTER TABLE traffic ADD COLUMN console_read INTEGER NOT NULL DEFAULT 0;
  UPDATE traffic SET console_read = 1 WHERE client = 'console' AND method IN ('GET', 'HEAD')
    AND replay_of IS NULL AND json_extract(request_headers, '$."x-scim-bench-replay-of"') IS NULL;
  DROP INDEX traffic_stats;
  CREATE INDEX traffic_stats ON traffic (operation, client, status, console_read);
  DROP INDEX traffic_by_duration;
  CREATE INDEX traffic_by_duration ON traffic
    (duration_ms, console_read, client, method, status, operation, resource_type, deviations);
  CREATE INDEX traffic_list ON traffic
    (id, console_read, client, method, status, operation, resource_type, deviations, time, duration_ms);
  CREATE VIRTUAL TABLE traffic_fts_prefixed USING fts5
    (path, query, request_body, sentence, error_body, content = '', contentless_delete = 1, prefix = '2 3');
  INSERT INTO traffic_fts_prefixed (rowid, path, query, request_body, sentence, error_body)
    SELECT id, path, query, request_body, sentence, CASE WHEN status >= 400 THEN response_body END FROM traffic
    WHERE id IN (SELECT rowid FROM traffic_fts);
  DROP TRIGGER traffic_fts_insert;
  DROP TRIGGER traffic_fts_delete;
  DROP TABLE traffic_fts;
  ALTER TABLE traffic_fts_prefixed RENAME TO traffic_fts;
  CREATE TRIGGER traffic_fts_insert AFTER INSERT ON traffic WHEN new.authenticated = 1 BEGIN
    INSERT INTO traffic_fts (rowid, path, query, request_body, sentence, error_body)
    VALUES (new.id, new.path, new.query, new.request_body, new.sentence, CASE WHEN new.status >= 400 THEN new.response_body END);
  END;
  CREATE TRIGGER traffic_fts_delete AFTER DELETE ON traffic BEGIN
    DELETE FROM traffic_fts WHERE rowid = old.id;
  END;
  `,
  // Endpoints (issue 14): each entry names the endpoint (its id) it was sent to; entries from
  // before are the default endpoint's. The three covering indexes gain the column, so one
  // endpoint's list, statistics and percentiles still read only them (a one-time rebuild).
  `
  ALTER TABLE traffic ADD COLUMN endpoint TEXT NOT NULL DEFAULT 'default';
  DROP INDEX traffic_list;
  CREATE INDEX traffic_list ON traffic
    (id, console_read, client, method, status, operation, resource_type, deviations, time, duration_ms, endpoint);
  DROP INDEX traffic_stats;
  CREATE INDEX traffic_stats ON traffic (operation, client, status, console_read, endpoint);
  DROP INDEX traffic_by_duration;
  CREATE INDEX traffic_by_duration ON traffic
    (duration_ms, console_read, client, method, status, operation, resource_type, deviations, endpoint);
  `,
];

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
export type NewTrafficEntry = Omit<TrafficEntry, 'id' | 'replayOf' | 'replays' | 'consoleRead' | 'endpoint'> & {
  replayOf?: number | null;
  /** The endpoint's id (default: the default endpoint). */
  endpoint?: string;
};

/** Named parameters match NewTrafficEntry, with JSON columns already serialised. Used by the writer thread too. */
export const INSERT_TRAFFIC_SQL = `INSERT INTO traffic (time, client, method, path, query, status, authenticated,
    deviations, duration_ms, operation, resource_type, resource_id, sentence, request_headers, request_body,
    response_headers, response_body, notes, before_json, after_json, members_json, replay_of, console_read, endpoint)
  VALUES (@time, @client, @method, @path, @query, @status, @authenticated, @deviations, @durationMs, @operation,
    @resourceType, @resourceId, @sentence, @requestHeaders, @requestBody, @responseHeaders, @responseBody, @notes,
    @before, @after, @members, @replayOf, @consoleRead, @endpoint)`;

/**
 * A read the console made itself: the Directory's reads and Test connection. Replays are the
 * user's own deliberate requests (capture links them to what they replay), so they stay in view.
 */
export const isConsoleRead = (e: NewTrafficEntry): boolean =>
  e.client === 'console' && (e.method === 'GET' || e.method === 'HEAD') && (e.replayOf ?? null) === null;

const SUMMARY_COLUMNS = `id, time, client, method, path, query, status, authenticated, deviations, duration_ms AS durationMs,
  operation, resource_type AS resourceType, resource_id AS resourceId, sentence, console_read AS consoleRead, endpoint`;
const FULL_COLUMNS = `${SUMMARY_COLUMNS}, request_headers, request_body AS requestBody, response_headers,
  response_body AS responseBody, notes, before_json, after_json, members_json, replay_of AS replayOf`;

const STATUS_RANGES: Record<StatusClass, [number, number]> = {
  '2xx': [200, 299],
  '3xx': [300, 399],
  '4xx': [400, 499],
  '5xx': [500, 599],
};

/** Free text → an FTS5 query: each word a quoted phrase (so punctuation is data), the last a prefix. */
export function ftsQuery(text: string): string | null {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  return words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** Filters that are also statistics groups, so their facets come from one scan (see `stats`). */
type Facet = 'operation' | 'client' | 'statusClass' | 'hideConsoleReads';

/** ISO times compare as text only in one format: the one capture writes (`toISOString`). */
const isoTime = (time: string) => new Date(time).toISOString();

/** The later of `from` and the start of the rolling window, if either is set. */
function earliestTime(filter: TrafficFilter): string | undefined {
  const since = filter.lastMinutes ? new Date(Date.now() - filter.lastMinutes * 60_000).toISOString() : null;
  return [filter.from && isoTime(filter.from), since]
    .filter((t): t is string => Boolean(t))
    .sort()
    .at(-1);
}

/** The filter's conditions on traffic's own columns (the text is matched apart), less `omit`. */
function columnConditions(filter: TrafficFilter, omit: readonly Facet[] = []): Sql[] {
  const parts: Sql[] = [];
  const keep = (facet: Facet) => !omit.includes(facet);
  if (filter.endpoint) parts.push(sql`endpoint = ${filter.endpoint}`);
  if (filter.method) parts.push(sql`method = ${filter.method.toUpperCase()}`);
  if (filter.statusClass && keep('statusClass'))
    parts.push(sql`status BETWEEN ${STATUS_RANGES[filter.statusClass][0]} AND ${STATUS_RANGES[filter.statusClass][1]}`);
  if (filter.resourceType) parts.push(sql`resource_type = ${filter.resourceType}`);
  if (filter.resourceId) parts.push(sql`resource_id = ${filter.resourceId} AND resource_id IS NOT NULL`);
  if (filter.operation && keep('operation')) parts.push(sql`operation = ${filter.operation}`);
  if (filter.client && keep('client')) parts.push(sql`client = ${filter.client}`);
  if (filter.deviated) parts.push(raw('deviations > 0'));
  if (filter.hideConsoleReads && keep('hideConsoleReads')) parts.push(raw('console_read = 0'));
  const from = earliestTime(filter);
  if (from) parts.push(sql`time >= ${from}`);
  if (filter.to) parts.push(sql`time <= ${isoTime(filter.to)}`);
  return parts;
}

/**
 * Id bounds on `column` (`id`, or the full-text index's `rowid`). `unindexedBefore` keeps SQLite
 * from answering an upper bound — nearly the whole log, in statistics — by walking the wide rows
 * in id order instead of scanning a narrow covering index (2 s instead of 0.3 at 1,000,000).
 */
function rangeConditions(range: TrafficRange, column: string, unindexedBefore = false): Sql[] {
  const parts: Sql[] = [];
  if (range.before) parts.push(sql`${raw(unindexedBefore ? `+${column}` : column)} < ${range.before}`);
  if (range.after !== undefined) parts.push(sql`${raw(column)} > ${range.after}`);
  return parts;
}

const and = (parts: Sql[]) => (parts.length ? join(parts, ' AND ') : raw('1'));

/** Every condition, for a query over `traffic` (the text as an id set from the full-text index). */
function where(query: TrafficStatsQuery, omit: readonly Facet[] = []): Sql {
  const parts = [...rangeConditions(query, 'id'), ...columnConditions(query, omit)];
  const match = query.text ? ftsQuery(query.text) : null;
  if (match) parts.push(sql`id IN (SELECT rowid FROM traffic_fts WHERE traffic_fts MATCH ${match})`);
  return and(parts);
}

/**
 * The ids of one page, newest first. With text, the full-text index drives (it yields rowids in
 * order, so a page stops at its limit instead of collecting every match). Otherwise the narrow
 * list index is walked newest first with the filter checked on the way: a page costs what it
 * skips, at most one pass over that index (about 150 ms for 1,000,000 entries), where SQLite's own
 * choice (another index, then a sort) cost as much for every page of a common filter.
 */
function pageIds(query: TrafficQuery, limit: number, offset: number): Sql {
  const match = query.text ? ftsQuery(query.text) : null;
  const columns = columnConditions(query);
  if (!match) {
    // Nothing older than the oldest entry of a time window can match: the walk stops there.
    const from = earliestTime(query);
    const floor = from
      ? [sql`id >= (SELECT min(id) FROM traffic INDEXED BY traffic_by_time WHERE time >= ${from})`]
      : [];
    // One resource's requests are few: its own index lists them (the list index has no resource id).
    const index = raw(query.resourceId ? 'traffic_by_resource' : 'traffic_list');
    return sql`SELECT id FROM traffic INDEXED BY ${index} WHERE ${and([...rangeConditions(query, 'id'), ...floor, ...columns])}
      ORDER BY id DESC LIMIT ${limit} OFFSET ${offset}`;
  }
  const text = [sql`traffic_fts MATCH ${match}`, ...rangeConditions(query, 'traffic_fts.rowid')];
  if (!columns.length)
    return sql`SELECT rowid AS id FROM traffic_fts WHERE ${and(text)} ORDER BY rowid DESC LIMIT ${limit} OFFSET ${offset}`;
  return sql`SELECT traffic.id FROM traffic_fts JOIN traffic ON traffic.id = traffic_fts.rowid
    WHERE ${and([...text, ...columns])} ORDER BY traffic_fts.rowid DESC LIMIT ${limit} OFFSET ${offset}`;
}

const parseJson = <T>(text: unknown): T | null => (typeof text === 'string' ? (JSON.parse(text) as T) : null);

/** SQLite has no booleans: the columns are 0 or 1. */
const withFlag = <T extends { authenticated: unknown; consoleRead: unknown }>(row: T) => ({
  ...row,
  authenticated: row.authenticated === 1,
  consoleRead: row.consoleRead === 1,
});

function toEntry(row: Record<string, unknown>): TrafficEntry {
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
const ENTRY_BYTES = `(200 + octet_length(path) + octet_length(query) + octet_length(sentence) + octet_length(request_headers)
  + octet_length(response_headers) + octet_length(notes) + coalesce(octet_length(request_body), 0)
  + coalesce(octet_length(response_body), 0) + coalesce(octet_length(before_json), 0)
  + coalesce(octet_length(after_json), 0))`;

/** Fewer entries than this in an id range or a time window: statistics read them through its index. */
const SHORT_RANGE = 200_000;

/** Up to this many matching entries, percentiles sort their durations instead of walking an index. */
const SORT_IN_MEMORY = 50_000;
/** Entries read per query by `iterate`: few enough that 1 MB bodies cannot add up, many enough to stay quick. */
const EXPORT_PAGE = 64;
/** How many replays of one entry `get` lists. */
const MAX_REPLAYS_LISTED = 20;

/** How often `replaced()` looks at the file system, at most. */
const CHECK_EVERY_MS = 1000;

export class TrafficStore {
  private connection!: Db;
  private insertStatement!: Database.Statement;
  /** The file this connection has open, to notice when the path names another file, or none. */
  private identity!: { dev: number; ino: number };
  private checkedAt = 0;

  constructor(readonly file: string) {
    this.open();
  }

  /** The open connection (a new one after `reopen`). */
  get db(): Db {
    return this.connection;
  }

  private open(): void {
    this.connection = openDatabase(this.file, { migrations: TRAFFIC_MIGRATIONS, eraseDeleted: true });
    this.insertStatement = this.connection.prepare(INSERT_TRAFFIC_SQL);
    const { dev, ino } = statSync(this.file);
    this.identity = { dev, ino };
    this.checkedAt = Date.now();
  }

  /**
   * Whether `traffic.db` was deleted or replaced since this connection opened it (writes would go
   * into a file nobody can see until exit). Looks at most once a second; cheap to call per write.
   */
  replaced(now = Date.now()): boolean {
    if (!this.connection.open) return true; // a reopen that failed: try again
    if (now - this.checkedAt < CHECK_EVERY_MS) return false;
    this.checkedAt = now;
    try {
      const { dev, ino } = statSync(this.file);
      return dev !== this.identity.dev || ino !== this.identity.ino;
    } catch {
      return true;
    }
  }

  /**
   * Closes this connection and opens the file at the path again (a new, empty log when it was
   * deleted). Every other connection to the old file must be closed first: the last one to close
   * removes the `-wal` and `-shm` files by name, which must not be the new file's.
   */
  reopen(): void {
    if (this.connection.open) this.connection.close();
    makePrivateDir(path.dirname(this.file)); // the whole data folder may have gone
    if (!existsSync(this.file)) for (const sidecar of ['-wal', '-shm']) rmSync(this.file + sidecar, { force: true });
    this.open();
  }

  /** Inserts a batch in one transaction on this connection (seeding, tests); live capture uses TrafficWriter. */
  insertMany(entries: NewTrafficEntry[]): TrafficSummary[] {
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    return this.db.transaction(() =>
      entries.map((e) => {
        const consoleRead = isConsoleRead(e);
        const endpoint = e.endpoint ?? DEFAULT_ENDPOINT_ID;
        const id = Number(
          this.insertStatement.run({
            ...e,
            endpoint,
            authenticated: e.authenticated ? 1 : 0,
            consoleRead: consoleRead ? 1 : 0,
            requestHeaders: JSON.stringify(e.requestHeaders),
            responseHeaders: JSON.stringify(e.responseHeaders),
            notes: JSON.stringify(e.notes),
            before: json(e.before),
            after: json(e.after),
            members: json(e.members),
            replayOf: e.replayOf ?? null,
          }).lastInsertRowid,
        );
        return summaryOf({ ...e, id, consoleRead, endpoint });
      }),
    )();
  }

  /** One page, newest first, and the newest id of the log, from one snapshot (a read transaction). */
  list(query: TrafficQuery): TrafficPage {
    const limit = query.limit ?? 100;
    return this.db.transaction(() => {
      const ids = pageIds(query, limit + 1, query.offset ?? 0);
      const q = sql`SELECT ${raw(SUMMARY_COLUMNS)} FROM traffic WHERE id IN (${ids}) ORDER BY id DESC`;
      const rows = this.all<TrafficSummary>(q);
      const entries = rows.slice(0, limit).map(withFlag);
      const newestId = this.db.prepare<[], number | null>('SELECT max(id) FROM traffic').pluck().get() ?? 0;
      return { entries, nextCursor: rows.length > limit ? entries[entries.length - 1]!.id : null, newestId };
    })();
  }

  /** One entry, with the entries that replay it. */
  get(id: number): TrafficEntry | null {
    const row = this.db
      .prepare<[number], Record<string, unknown>>(`SELECT ${FULL_COLUMNS} FROM traffic WHERE id = ?`)
      .get(id);
    if (!row) return null;
    const replays = this.db
      .prepare<[number], number>(`SELECT id FROM traffic WHERE replay_of = ? ORDER BY id LIMIT ${MAX_REPLAYS_LISTED}`)
      .pluck()
      .all(id);
    return { ...toEntry(row), replays };
  }

  /** The first replay of entry `id` recorded after entry `after` (replay.ts waits for it), or null. */
  replayAfter(id: number, after: number): number | null {
    return (
      this.db
        .prepare<[number, number], number>('SELECT min(id) FROM traffic WHERE replay_of = ? AND id > ?')
        .pluck()
        .get(id, after) ?? null
    );
  }

  /** The newest entry's id (0 when there is none). */
  lastId(): number {
    return this.db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM traffic').pluck().get()!;
  }

  /**
   * Full entries, oldest first, up to the newest at the first call (exports of 100,000 entries stay
   * in constant memory). Read a page at a time, never through an open cursor: an export waits on
   * its reader between pages, and a cursor left open on this connection meanwhile would make every
   * write on it — retention's prune — fail with "This database connection is busy".
   */
  *iterate(filter: TrafficFilter): Generator<TrafficEntry> {
    const last = this.lastId();
    for (let after = 0; ;) {
      const q = sql`SELECT ${raw(FULL_COLUMNS)} FROM traffic WHERE id > ${after} AND id <= ${last} AND ${where(filter)} ORDER BY id LIMIT ${EXPORT_PAGE}`;
      const rows = this.db.prepare<unknown[], Record<string, unknown> & { id: number }>(q.text).all(...q.params);
      for (const row of rows) yield toEntry(row);
      if (rows.length < EXPORT_PAGE) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  /**
   * Counts, facets and percentiles from one snapshot. One grouped scan under every filter but the
   * four that are its groups: those are applied here, each left out of its own facet.
   */
  stats(query: TrafficStatsQuery): TrafficStats {
    return this.db.transaction(() => {
      const facets: Facet[] = ['operation', 'client', 'statusClass', 'hideConsoleReads'];
      const groups = this.all<{ operation: string; client: string; status: number; console_read: number; n: number }>(
        sql`SELECT operation, client, status, console_read, count(*) AS n ${this.statsSource(query, facets)}
          GROUP BY operation, client, status, console_read`,
      );
      const klass = (status: number) => `${Math.floor(status / 100)}xx`;
      const passes = (g: (typeof groups)[number], except?: Facet) =>
        (except === 'operation' || !query.operation || g.operation === query.operation) &&
        (except === 'client' || !query.client || g.client === query.client) &&
        (except === 'statusClass' || !query.statusClass || klass(g.status) === query.statusClass) &&
        (except === 'hideConsoleReads' || !query.hideConsoleReads || g.console_read === 0);
      const count = (except: Facet | undefined, key: (g: (typeof groups)[number]) => string) => {
        const counts: Record<string, number> = {};
        for (const g of groups) if (passes(g, except)) counts[key(g)] = (counts[key(g)] ?? 0) + g.n;
        return counts;
      };
      const byStatusClass = count(undefined, (g) => klass(g.status));
      const total = Object.values(byStatusClass).reduce((a, b) => a + b, 0);
      const errors = (byStatusClass['4xx'] ?? 0) + (byStatusClass['5xx'] ?? 0);
      const consoleReads = groups.filter((g) => g.console_read === 1 && passes(g, 'hideConsoleReads'));
      return {
        total,
        errorRate: total ? errors / total : 0,
        latencyMs: total ? this.percentiles(query, total) : null,
        byOperation: count(undefined, (g) => g.operation),
        byClient: count(undefined, (g) => g.client),
        byStatusClass,
        facets: {
          operation: count('operation', (g) => g.operation),
          client: count('client', (g) => g.client),
          statusClass: count('statusClass', (g) => klass(g.status)),
        },
        consoleReads: consoleReads.reduce((sum, g) => sum + g.n, 0),
      };
    })();
  }

  /**
   * `FROM … WHERE …` for statistics, chosen for 1,000,000 entries (figures: docs/traffic.md): a
   * search joins the full-text index's matches to the narrow list index; a short id range (what
   * arrived since) or time window is read through its index; anything else scans the covering
   * index `traffic_stats`.
   */
  private statsSource(query: TrafficStatsQuery, omit: readonly Facet[] = []): Sql {
    const match = query.text ? ftsQuery(query.text) : null;
    const columns = columnConditions(query, omit);
    if (match)
      return sql`FROM traffic_fts JOIN traffic INDEXED BY traffic_list ON traffic.id = traffic_fts.rowid
        WHERE ${and([sql`traffic_fts MATCH ${match}`, ...rangeConditions(query, 'traffic_fts.rowid'), ...columns])}`;
    const from = earliestTime(query);
    const count = (q: string, value: string | number) => this.db.prepare<[typeof value], number>(q).pluck().get(value)!;
    const index =
      query.after !== undefined && count('SELECT count(*) FROM traffic WHERE id > ?', query.after) < SHORT_RANGE
        ? 'INDEXED BY traffic_list' // what arrived since: a seek, not a scan of the whole log
        : from && count('SELECT count(*) FROM traffic INDEXED BY traffic_by_time WHERE time >= ?', from) < SHORT_RANGE
          ? 'INDEXED BY traffic_by_time'
          : '';
    return sql`FROM traffic ${raw(index)} WHERE ${and([...rangeConditions(query, 'id', !index), ...columns])}`;
  }

  /**
   * p50, p95 and p99 of the `total` entries matching `query`. Few (or a search's, read through
   * the list index): sorted here. Many: the duration index walked from the nearer end — p99 of
   * 1,000,000 is 10,000 steps from the top, not 990,000.
   */
  private percentiles(query: TrafficStatsQuery, total: number): { p50: number; p95: number; p99: number } {
    const rank = (p: number) => Math.floor(p * (total - 1));
    if (query.text || total <= SORT_IN_MEMORY) {
      const q = sql`SELECT duration_ms ${this.statsSource(query)}`;
      const durations = Float64Array.from(
        this.db
          .prepare<unknown[], number>(q.text)
          .pluck()
          .all(...q.params),
      ).sort();
      return { p50: durations[rank(0.5)]!, p95: durations[rank(0.95)]!, p99: durations[rank(0.99)]! };
    }
    const w = and([...rangeConditions(query, 'id', true), ...columnConditions(query)]);
    const at = (p: number) => {
      const r = rank(p);
      const [order, offset] = r < total / 2 ? ['ASC', r] : ['DESC', total - 1 - r];
      const q = sql`SELECT duration_ms FROM traffic INDEXED BY traffic_by_duration WHERE ${w}
        ORDER BY duration_ms ${raw(order)} LIMIT 1 OFFSET ${offset}`;
      return this.db
        .prepare<unknown[], number>(q.text)
        .pluck()
        .get(...q.params)!;
    };
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }

  /**
   * The narrow columns activity cycles are built from, for up to `limit` entries after `after`
   * (up to `upTo`, of one `client` when given), oldest first; `notes` only where the client strayed
   * from the RFC, read through the partial index on deviations, so the wide rows of the others are
   * not walked to their last column.
   */
  activityRows(range: { after: number; upTo?: number; client?: ClientKind }, limit: number): ActivityRow[] {
    const bounds = join(
      [
        sql`id > ${range.after}`,
        ...(range.upTo !== undefined ? [sql`id <= ${range.upTo}`] : []),
        ...(range.client ? [sql`client = ${range.client}`] : []),
      ],
      ' AND ',
    );
    const rows = this.all<Omit<ActivityRow, 'notes'>>(
      sql`SELECT id, time, client, operation, status, resource_id AS resourceId FROM traffic WHERE ${bounds} ORDER BY id LIMIT ${limit}`,
    );
    if (!rows.length) return [];
    const notes = new Map(
      this.all<{ id: number; notes: string }>(
        sql`SELECT id, notes FROM traffic WHERE deviations > 0 AND ${bounds} AND id <= ${rows[rows.length - 1]!.id}`,
      ).map((r) => [r.id, parseJson<DialectNote[]>(r.notes) ?? []]),
    );
    return rows.map((r) => ({ ...r, notes: notes.get(r.id) ?? null }));
  }

  /** The oldest id, and the time of entry `id` (null when it is gone): tells a cache whether the log was pruned or cleared. */
  activityMarks(id: number): { oldestId: number | null; timeOf: string | null } {
    const oldest = this.db.prepare<[], { m: number | null }>('SELECT min(id) AS m FROM traffic').get()!.m;
    const row = this.db.prepare<[number], { time: string }>('SELECT time FROM traffic WHERE id = ?').get(id);
    return { oldestId: oldest, timeOf: row?.time ?? null };
  }

  private all<T>(query: Sql): T[] {
    return this.db.prepare<unknown[], T>(query.text).all(...query.params);
  }

  count(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM traffic').get()!.n;
  }

  /** Deletes up to `batch` of the oldest entries beyond `keep`, or older than `before`; returns how many. */
  prune(keep: number, before: string, batch: number): number {
    return this.db.transaction(() => {
      const byAge = this.db
        .prepare('DELETE FROM traffic WHERE id IN (SELECT id FROM traffic WHERE time < ? ORDER BY id LIMIT ?)')
        .run(before, batch).changes;
      const excess = Math.max(0, this.count() - keep);
      const byCount = excess
        ? this.db
            .prepare('DELETE FROM traffic WHERE id IN (SELECT id FROM traffic ORDER BY id LIMIT ?)')
            .run(Math.min(excess, batch)).changes
        : 0;
      return byAge + byCount;
    })();
  }

  /**
   * Deletes the oldest entries (at most `batch`) whose stored text adds up to at least `bytes`.
   * Returns how many, and their bytes (the text; the index and page overhead come on top).
   */
  pruneBytes(bytes: number, batch: number): { count: number; bytes: number } {
    return this.db.transaction(() => {
      let total = 0;
      let last: number | null = null;
      for (const row of this.db
        .prepare<[number], { id: number; size: number }>(
          `SELECT id, ${ENTRY_BYTES} AS size FROM traffic ORDER BY id LIMIT ?`,
        )
        .iterate(batch)) {
        total += row.size;
        last = row.id;
        if (total >= bytes) break;
      }
      if (last === null) return { count: 0, bytes: 0 };
      const count = this.db.prepare('DELETE FROM traffic WHERE id <= ?').run(last).changes;
      return { count, bytes: total };
    })();
  }

  /** Bytes of the database in use: its pages less the free ones (what the file shrinks to when compacted). */
  usedBytes(): number {
    const pragma = (name: string) => this.db.pragma(name, { simple: true }) as number;
    return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
  }

  /**
   * Deletes everything, and leaves no trace of it in the file: not in the index, free pages or the
   * WAL. Without the per-row index trigger, so SQLite drops the table's pages whole (100,000
   * entries: seconds instead of a quarter of a minute); the writer thread runs it.
   */
  clear(): number {
    const removed = this.db.transaction(() => {
      const trigger = this.db
        .prepare<[], string>(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'traffic_fts_delete'`)
        .pluck()
        .get()!;
      this.db.exec(`DROP TRIGGER traffic_fts_delete; INSERT INTO traffic_fts (traffic_fts) VALUES ('delete-all')`);
      const changes = this.db.prepare('DELETE FROM traffic').run().changes;
      this.db.exec(trigger);
      return changes;
    })();
    this.shrink();
    return removed;
  }

  /**
   * After entries were pruned: rewrites the full-text index without them (FTS5 otherwise keeps
   * the words of deleted rows until it next merges), then shrinks the file. About a second per
   * 100,000 entries, so the traffic writer thread runs it, not the thread that serves SCIM.
   */
  compact(): void {
    this.db.exec(`INSERT INTO traffic_fts (traffic_fts) VALUES ('optimize')`);
    this.shrink();
  }

  /** Gives free pages back to the file system and empties the WAL (which holds copies of old pages). */
  private shrink(): void {
    this.db.pragma('incremental_vacuum');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.close();
  }
}

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
  };
}
