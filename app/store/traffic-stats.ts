/**
 * Statistics of the traffic log: counts, facets and percentiles from one snapshot, with the
 * source of each query chosen for 1,000,000 entries (figures: docs/traffic.md).
 */
import type { TrafficStats, TrafficStatsQuery } from '../../shared/types';
import type { Db } from './database';
import { type Facet, and, columnConditions, earliestTime, ftsQuery, rangeConditions } from './traffic-query';
import { raw, sql, type Sql } from './sql';

/** Fewer entries than this in an id range or a time window: statistics read them through its index. */
const SHORT_RANGE = 200_000;

/** Up to this many matching entries, percentiles sort their durations instead of walking an index. */
const SORT_IN_MEMORY = 50_000;

const all = <T>(db: Db, query: Sql): T[] => db.prepare<unknown[], T>(query.text).all(...query.params);

/**
 * Counts, facets and percentiles from one snapshot. One grouped scan under every filter but the
 * four that are its groups: those are applied here, each left out of its own facet.
 */
export function trafficStats(db: Db, query: TrafficStatsQuery): TrafficStats {
  return db.transaction(() => {
    const facets: Facet[] = ['operation', 'client', 'statusClass', 'hideConsoleReads'];
    const groups = all<{ operation: string; client: string; status: number; console_read: number; n: number }>(
      db,
      sql`SELECT operation, client, status, console_read, count(*) AS n ${statsSource(db, query, facets)}
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
      latencyMs: total ? percentiles(db, query, total) : null,
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
function statsSource(db: Db, query: TrafficStatsQuery, omit: readonly Facet[] = []): Sql {
  const match = query.text ? ftsQuery(query.text) : null;
  const columns = columnConditions(query, omit);
  if (match)
    return sql`FROM traffic_fts JOIN traffic INDEXED BY traffic_list ON traffic.id = traffic_fts.rowid
      WHERE ${and([sql`traffic_fts MATCH ${match}`, ...rangeConditions(query, 'traffic_fts.rowid'), ...columns])}`;
  const from = earliestTime(query);
  const count = (q: string, value: string | number) => db.prepare<[typeof value], number>(q).pluck().get(value)!;
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
function percentiles(db: Db, query: TrafficStatsQuery, total: number): { p50: number; p95: number; p99: number } {
  const rank = (p: number) => Math.floor(p * (total - 1));
  if (query.text || total <= SORT_IN_MEMORY) {
    const q = sql`SELECT duration_ms ${statsSource(db, query)}`;
    const durations = Float64Array.from(
      db
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
    return db
      .prepare<unknown[], number>(q.text)
      .pluck()
      .get(...q.params)!;
  };
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
