/**
 * The traffic log, in its own database file (`traffic.db`): it grows far faster than the
 * provisioning data, so it must not make every backup of `bench.db` slow.
 */
import type { TrafficEntry, TrafficPage, TrafficQuery, TrafficSummary } from '../../shared/types';
import { openDatabase, type Db } from './database';

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
];

/** An entry before it has an id. */
export type NewTrafficEntry = Omit<TrafficEntry, 'id'>;

const SUMMARY_COLUMNS = `id, time, client, method, path, status, duration_ms AS durationMs, operation,
  resource_type AS resourceType, resource_id AS resourceId, sentence`;

export class TrafficStore {
  readonly db: Db;
  private readonly insertStatement;

  constructor(file: string) {
    this.db = openDatabase(file, { migrations: TRAFFIC_MIGRATIONS });
    this.insertStatement = this.db.prepare(
      `INSERT INTO traffic (time, client, method, path, query, status, duration_ms, operation, resource_type,
         resource_id, sentence, request_headers, request_body, response_headers, response_body, notes)
       VALUES (@time, @client, @method, @path, @query, @status, @durationMs, @operation, @resourceType,
         @resourceId, @sentence, @requestHeaders, @requestBody, @responseHeaders, @responseBody, @notes)`,
    );
  }

  /** Inserts a batch in one transaction; returns the summaries with their ids. */
  insertMany(entries: NewTrafficEntry[]): TrafficSummary[] {
    return this.db.transaction(() =>
      entries.map((e) => {
        const id = Number(
          this.insertStatement.run({
            ...e,
            requestHeaders: JSON.stringify(e.requestHeaders),
            responseHeaders: JSON.stringify(e.responseHeaders),
            notes: JSON.stringify(e.notes),
          }).lastInsertRowid,
        );
        return summaryOf({ ...e, id });
      }),
    )();
  }

  list({ before, limit = 100 }: TrafficQuery): TrafficPage {
    const rows = this.db
      .prepare<unknown[], TrafficSummary>(
        `SELECT ${SUMMARY_COLUMNS} FROM traffic ${before ? 'WHERE id < ?' : ''} ORDER BY id DESC LIMIT ?`,
      )
      .all(...(before ? [before] : []), limit + 1);
    const entries = rows.slice(0, limit);
    return { entries, nextCursor: rows.length > limit ? entries[entries.length - 1]!.id : null };
  }

  get(id: number): TrafficEntry | null {
    const row = this.db
      .prepare<[number], Record<string, unknown>>(
        `SELECT ${SUMMARY_COLUMNS}, query, request_headers, request_body AS requestBody, response_headers,
           response_body AS responseBody, notes FROM traffic WHERE id = ?`,
      )
      .get(id);
    if (!row) return null;
    const { request_headers, response_headers, notes, ...rest } = row;
    return {
      ...(rest as unknown as TrafficEntry),
      requestHeaders: JSON.parse(request_headers as string) as Record<string, string>,
      responseHeaders: JSON.parse(response_headers as string) as Record<string, string>,
      notes: JSON.parse(notes as string) as TrafficEntry['notes'],
    };
  }

  close(): void {
    this.db.close();
  }
}

export function summaryOf(e: TrafficEntry): TrafficSummary {
  return {
    id: e.id,
    time: e.time,
    client: e.client,
    method: e.method,
    path: e.path,
    status: e.status,
    durationMs: e.durationMs,
    operation: e.operation,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    sentence: e.sentence,
  };
}
