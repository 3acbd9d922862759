/** The traffic log's list, statistics and migration, on real SQLite files. */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrafficQuery } from '../../shared/types';
import { tempDir } from '../test/temp-dir';
import { storedEntry } from '../test/traffic-entry';
import { openDatabase } from './database';
import { TRAFFIC_MIGRATIONS } from './traffic-migrations';
import { TrafficStore, type NewTrafficEntry } from './traffic-store';

const stores: TrafficStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  vi.useRealTimers();
});

function open(file = path.join(tempDir(), 'traffic.db')) {
  const store = new TrafficStore(file);
  stores.push(store);
  return store;
}

/** An Entra lookup at 10:00:00 and `n` ms (durations vary with `n`). */
const entry = (n: number, patch: Partial<NewTrafficEntry> = {}): NewTrafficEntry =>
  storedEntry(n, {
    time: new Date(Date.UTC(2026, 0, 1, 10, 0, 0, n)).toISOString(),
    client: 'entra',
    path: '/scim/v2/Users',
    query: `filter=userName+eq+%22user${n}%40contoso.com%22`,
    durationMs: n % 100,
    operation: 'lookup-users',
    resourceId: null,
    sentence: `Entra looked up users where userName eq "user${n}@contoso.com" — found none`,
    ...patch,
  });

/** Every page of a query, by cursor. */
function everything(store: TrafficStore, query: TrafficQuery) {
  const ids: number[] = [];
  for (let before: number | undefined; ;) {
    const page = store.list({ ...query, limit: 7, ...(before ? { before } : {}) });
    ids.push(...page.entries.map((e) => e.id));
    if (!page.nextCursor) return ids;
    before = page.nextCursor;
  }
}

describe('the traffic list', () => {
  it('pages by offset exactly as by cursor, under a filter, and says what is new since a page', () => {
    const store = open();
    store.insertMany(Array.from({ length: 60 }, (_, i) => entry(i, i % 3 ? {} : { status: 409 })));
    const filter = { statusClass: '2xx' as const };
    const byCursor = everything(store, filter);
    expect(byCursor).toHaveLength(40);
    const first = store.list({ ...filter, limit: 10 });
    expect(first.newestId).toBe(60);
    const byOffset = [0, 10, 20, 30].flatMap(
      (offset) => store.list({ ...filter, limit: 10, offset, before: first.newestId + 1 }).entries,
    );
    expect(byOffset.map((e) => e.id)).toEqual(byCursor);

    store.insertMany([entry(60), entry(61, { status: 500 }), entry(62)]);
    // Pinned to the first page's moment, the list does not move; `after` it is what arrived.
    expect(store.list({ ...filter, limit: 10, offset: 30, before: first.newestId + 1 }).entries.at(-1)!.id).toBe(
      byCursor.at(-1),
    );
    expect(store.list({ ...filter, after: first.newestId }).entries.map((e) => e.id)).toEqual([63, 61]);
    expect(store.stats({ ...filter, after: first.newestId }).total).toBe(2);
    expect(store.stats({ ...filter, before: first.newestId + 1 }).total).toBe(40);
  });

  it('carries the query string, so a lookup and a list are told apart', () => {
    const store = open();
    store.insertMany([entry(1), entry(2, { query: '', operation: 'list-users' })]);
    expect(store.list({}).entries.map((e) => `${e.path}?${e.query}`)).toEqual([
      '/scim/v2/Users?',
      '/scim/v2/Users?filter=userName+eq+%22user1%40contoso.com%22',
    ]);
  });

  it('searches a pasted address and a word being typed, driven by the full-text index, with filters and offsets', () => {
    const store = open();
    store.insertMany(Array.from({ length: 30 }, (_, i) => entry(i, i % 2 ? { client: 'okta' } : {})));
    expect(store.list({ text: 'user17@contoso.com' }).entries.map((e) => e.id)).toEqual([18]);
    expect(store.list({ text: 'user17@contoso.c' }).entries.map((e) => e.id)).toEqual([18]);
    expect(store.list({ text: 'user1', client: 'entra' }).entries.map((e) => e.id)).toEqual([19, 17, 15, 13, 11]);
    expect(store.list({ text: 'contoso', client: 'okta', limit: 3, offset: 3 }).entries.map((e) => e.id)).toEqual([
      24, 22, 20,
    ]);
    expect(store.stats({ text: 'user1', client: 'entra' }).total).toBe(5);
  });
});

describe('the console’s own reads', () => {
  const own = (n: number, patch: Partial<NewTrafficEntry> = {}) =>
    entry(n, { client: 'console', requestHeaders: { 'user-agent': 'SCIM Bench console' }, ...patch });

  it('are marked, left out when asked (list and statistics alike), and counted so the toggle can say how many', () => {
    const store = open();
    const written = store.insertMany([
      entry(1),
      own(2), // a Directory read
      own(3, { status: 401, authenticated: false, operation: 'auth-failed' }), // Test connection's wrong token
      own(4, { method: 'POST', operation: 'create-user', status: 201 }), // made in the Directory: shown
      own(5, { replayOf: 1 }), // a replay (capture links it to what it repeats): the user's own request
      entry(6, { status: 404, operation: 'get-user' }),
    ]);
    expect(written.map((s) => s.consoleRead)).toEqual([false, true, true, false, false, false]);
    expect(store.list({}).entries.map((e) => [e.id, e.consoleRead])).toContainEqual([3, true]);

    const hidden = { hideConsoleReads: true };
    expect(store.list(hidden).entries.map((e) => e.id)).toEqual([6, 5, 4, 1]);
    const stats = store.stats(hidden);
    expect(stats).toMatchObject({ total: 4, consoleReads: 2, byClient: { entra: 2, console: 2 } });
    expect(stats.errorRate).toBe(1 / 4); // the 404; not the connection test's deliberate 401
    expect(store.stats({}).errorRate).toBe(2 / 6);
    expect(store.stats({ ...hidden, statusClass: '4xx' })).toMatchObject({ total: 1, consoleReads: 1 });
  });
});

describe('statistics', () => {
  it('facet each choice under the other filters but not its own', () => {
    const store = open();
    store.insertMany([
      entry(1),
      entry(2, { operation: 'create-user', method: 'POST', status: 201 }),
      entry(3, { operation: 'create-user', method: 'POST', status: 409 }),
      entry(4, { client: 'okta' }),
    ]);
    const stats = store.stats({ operation: 'create-user', client: 'entra' });
    expect(stats.total).toBe(2);
    expect(stats.byOperation).toEqual({ 'create-user': 2 });
    expect(stats.facets.operation).toEqual({ 'create-user': 2, 'lookup-users': 1 });
    expect(stats.facets.client).toEqual({ entra: 2 });
    expect(stats.facets.statusClass).toEqual({ '2xx': 1, '4xx': 1 });
  });

  it('percentiles are exact, read in memory for few entries and by walking the index for many', () => {
    const store = open();
    const many = 50_200; // above the in-memory bound
    const durations = Array.from({ length: many }, (_, i) => ((i * 7919) % many) / 10);
    for (let i = 0; i < many; i += 10_000)
      store.insertMany(
        durations
          .slice(i, i + 10_000)
          .map((durationMs, j) =>
            entry(i + j, { durationMs, client: (i + j) % 2 ? 'okta' : 'entra', sentence: '', query: '' }),
          ),
      );
    const expected = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.floor(p * (sorted.length - 1))];
      return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
    };
    expect(store.stats({}).latencyMs).toEqual(expected(durations));
    expect(store.stats({ client: 'okta' }).latencyMs).toEqual(expected(durations.filter((_, i) => i % 2)));
    expect(store.stats({ before: 1001 }).latencyMs).toEqual(expected(durations.slice(0, 1000)));
  }, 60_000);
});

describe('a rolling time window', () => {
  it('moves with the clock: the same filter, later, leaves out what has aged out of it', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T10:20:00Z'));
    const store = open();
    store.insertMany([
      entry(1, { time: '2026-01-01T10:00:00.000Z' }),
      entry(2, { time: '2026-01-01T10:10:00.000Z' }),
      entry(3, { time: '2026-01-01T10:19:00.000Z' }),
    ]);
    const window = { lastMinutes: 15 };
    expect(store.list(window).entries.map((e) => e.id)).toEqual([3, 2]);
    vi.setSystemTime(new Date('2026-01-01T10:30:00Z'));
    expect(store.list(window).entries.map((e) => e.id)).toEqual([3]);
    expect(store.stats(window).total).toBe(1);
    // A `from` without milliseconds still compares as a time, not as text.
    expect(store.list({ from: '2026-01-01T10:10:00Z' }).entries.map((e) => e.id)).toEqual([3, 2]);
  });
});

describe('migration 7', () => {
  it('marks the console’s old reads and keeps the full-text index to what it held (refused requests stay out)', () => {
    const file = path.join(tempDir(), 'traffic.db');
    const old = openDatabase(file, { migrations: TRAFFIC_MIGRATIONS.slice(0, 6), eraseDeleted: true });
    const insert =
      old.prepare(`INSERT INTO traffic (time, client, method, path, query, status, authenticated, deviations,
      duration_ms, operation, sentence, request_headers, response_headers, notes)
      VALUES (?, ?, ?, '/scim/v2/Users', ?, ?, ?, 0, 1, ?, ?, '{}', '{}', '[]')`);
    insert.run(
      '2026-01-01T10:00:00.000Z',
      'console',
      'GET',
      'filter=old-read',
      200,
      1,
      'lookup-users',
      'a console read',
    );
    insert.run('2026-01-01T10:00:01.000Z', 'entra', 'POST', '', 201, 1, 'create-user', 'Entra created user findme');
    insert.run('2026-01-01T10:00:02.000Z', 'other', 'GET', '', 401, 0, 'auth-failed', 'refused findme');
    old.close();

    const store = open(file);
    expect(store.list({}).entries.map((e) => [e.id, e.consoleRead])).toEqual([
      [3, false],
      [2, false],
      [1, true],
    ]);
    expect(store.list({ text: 'findme' }).entries.map((e) => e.id)).toEqual([2]);
    expect(store.list({ text: 'old-rea' }).entries.map((e) => e.id)).toEqual([1]);
    store.insertMany([entry(4, { sentence: 'Entra read findme' })]);
    expect(store.list({ text: 'findme' }).entries.map((e) => e.id)).toEqual([4, 2]);
  });
});
