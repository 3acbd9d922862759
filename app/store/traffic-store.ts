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
import type {
  ClientKind,
  DialectNote,
  TrafficEntry,
  TrafficFilter,
  TrafficPage,
  TrafficQuery,
  TrafficStats,
  TrafficStatsQuery,
  TrafficSummary,
} from '../../shared/types';
import type Database from 'better-sqlite3';
import { makePrivateDir } from '../fs/private-mode';
import { openDatabase, type Db } from './database';
import { join, raw, sql, type Sql } from './sql';
import { TRAFFIC_MIGRATIONS } from './traffic-migrations';
import { pageIds, where } from './traffic-query';
import {
  ENTRY_BYTES,
  FULL_COLUMNS,
  INSERT_TRAFFIC_SQL,
  SUMMARY_COLUMNS,
  isConsoleRead,
  parseJson,
  summaryOf,
  toEntry,
  withFlag,
  type ActivityRow,
  type NewTrafficEntry,
} from './traffic-rows';
import { trafficStats } from './traffic-stats';

export type { ActivityRow, NewTrafficEntry } from './traffic-rows';

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
            fault: json(e.fault),
            reaction: json(e.reaction),
            episode: e.reaction?.episode ?? null,
          }).lastInsertRowid,
        );
        return summaryOf({ ...e, id, consoleRead, endpoint, fault: e.fault ?? null, reaction: e.reaction ?? null });
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
   * Counts, facets and percentiles from one snapshot (traffic-stats.ts).
   */
  stats(query: TrafficStatsQuery): TrafficStats {
    return trafficStats(this.db, query);
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
