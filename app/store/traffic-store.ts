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
import type { Operation } from '../../shared/operations';
import type {
  ClientKind,
  DialectNote,
  StatusClass,
  TrafficEntry,
  TrafficFilter,
  TrafficPage,
  TrafficQuery,
  TrafficStats,
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

/** An entry before it has an id (`replayOf` defaults to null). */
export type NewTrafficEntry = Omit<TrafficEntry, 'id' | 'replayOf' | 'replays'> & { replayOf?: number | null };

/** Named parameters match NewTrafficEntry, with JSON columns already serialised. Used by the writer thread too. */
export const INSERT_TRAFFIC_SQL = `INSERT INTO traffic (time, client, method, path, query, status, authenticated,
    deviations, duration_ms, operation, resource_type, resource_id, sentence, request_headers, request_body,
    response_headers, response_body, notes, before_json, after_json, members_json, replay_of)
  VALUES (@time, @client, @method, @path, @query, @status, @authenticated, @deviations, @durationMs, @operation,
    @resourceType, @resourceId, @sentence, @requestHeaders, @requestBody, @responseHeaders, @responseBody, @notes,
    @before, @after, @members, @replayOf)`;

const SUMMARY_COLUMNS = `id, time, client, method, path, status, authenticated, deviations, duration_ms AS durationMs, operation,
  resource_type AS resourceType, resource_id AS resourceId, sentence`;
const FULL_COLUMNS = `${SUMMARY_COLUMNS}, query, request_headers, request_body AS requestBody, response_headers,
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

function where(filter: TrafficFilter, before?: number): Sql {
  const parts: Sql[] = [raw('1')];
  if (before) parts.push(sql`id < ${before}`);
  if (filter.method) parts.push(sql`method = ${filter.method.toUpperCase()}`);
  if (filter.statusClass)
    parts.push(sql`status BETWEEN ${STATUS_RANGES[filter.statusClass][0]} AND ${STATUS_RANGES[filter.statusClass][1]}`);
  if (filter.resourceType) parts.push(sql`resource_type = ${filter.resourceType}`);
  if (filter.resourceId) parts.push(sql`resource_id = ${filter.resourceId} AND resource_id IS NOT NULL`);
  if (filter.operation) parts.push(sql`operation = ${filter.operation}`);
  if (filter.client) parts.push(sql`client = ${filter.client}`);
  if (filter.deviated) parts.push(raw('deviations > 0'));
  if (filter.from) parts.push(sql`time >= ${filter.from}`);
  if (filter.to) parts.push(sql`time <= ${filter.to}`);
  const match = filter.text ? ftsQuery(filter.text) : null;
  if (match) parts.push(sql`id IN (SELECT rowid FROM traffic_fts WHERE traffic_fts MATCH ${match})`);
  return join(parts, ' AND ');
}

const parseJson = <T>(text: unknown): T | null => (typeof text === 'string' ? (JSON.parse(text) as T) : null);

/** SQLite has no booleans: the column is 0 or 1. */
const withFlag = <T extends { authenticated: unknown }>(row: T) => ({ ...row, authenticated: row.authenticated === 1 });

function toEntry(row: Record<string, unknown>): TrafficEntry {
  const { request_headers, response_headers, notes, before_json, after_json, members_json, ...rest } = row;
  return {
    ...(withFlag(rest as { authenticated: unknown }) as unknown as TrafficSummary &
      Pick<TrafficEntry, 'query' | 'requestBody' | 'responseBody' | 'replayOf'>),
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
        const id = Number(
          this.insertStatement.run({
            ...e,
            authenticated: e.authenticated ? 1 : 0,
            requestHeaders: JSON.stringify(e.requestHeaders),
            responseHeaders: JSON.stringify(e.responseHeaders),
            notes: JSON.stringify(e.notes),
            before: json(e.before),
            after: json(e.after),
            members: json(e.members),
            replayOf: e.replayOf ?? null,
          }).lastInsertRowid,
        );
        return summaryOf({ ...e, id });
      }),
    )();
  }

  list(query: TrafficQuery): TrafficPage {
    const limit = query.limit ?? 100;
    const q = sql`SELECT ${raw(SUMMARY_COLUMNS)} FROM traffic WHERE ${where(query, query.before)} ORDER BY id DESC LIMIT ${limit + 1}`;
    const rows = this.db.prepare<unknown[], TrafficSummary>(q.text).all(...q.params);
    const entries = rows.slice(0, limit).map(withFlag);
    return { entries, nextCursor: rows.length > limit ? entries[entries.length - 1]!.id : null };
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

  /** Counts from the covering index, percentiles by walking the duration index (see migration 4). */
  stats(filter: TrafficFilter): TrafficStats {
    const w = where(filter);
    const groups = this.all<{ operation: string; client: string; status: number; n: number }>(
      sql`SELECT operation, client, status, count(*) AS n FROM traffic WHERE ${w} GROUP BY operation, client, status`,
    );
    const byOperation: Record<string, number> = {};
    const byClient: Record<string, number> = {};
    const byStatusClass: Record<string, number> = {};
    let total = 0;
    for (const g of groups) {
      const klass = `${Math.floor(g.status / 100)}xx`;
      byOperation[g.operation] = (byOperation[g.operation] ?? 0) + g.n;
      byClient[g.client] = (byClient[g.client] ?? 0) + g.n;
      byStatusClass[klass] = (byStatusClass[klass] ?? 0) + g.n;
      total += g.n;
    }
    const percentile = (p: number) =>
      this.all<{ d: number }>(
        sql`SELECT duration_ms AS d FROM traffic WHERE ${w} ORDER BY duration_ms LIMIT 1 OFFSET ${Math.floor(p * (total - 1))}`,
      )[0]!.d;
    const errors = (byStatusClass['4xx'] ?? 0) + (byStatusClass['5xx'] ?? 0);
    return {
      total,
      errorRate: total ? errors / total : 0,
      latencyMs: total ? { p50: percentile(0.5), p95: percentile(0.95), p99: percentile(0.99) } : null,
      byOperation,
      byClient,
      byStatusClass,
    };
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
    status: e.status,
    authenticated: e.authenticated,
    deviations: e.deviations,
    durationMs: e.durationMs,
    operation: e.operation,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    sentence: e.sentence,
  };
}
