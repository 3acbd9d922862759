/** Activity cycles over a real traffic.db: the whole log, counted by kind, kept up to date as it grows and is pruned. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../shared/operations';
import type { ClientKind, DialectNote } from '../../shared/types';
import { TrafficStore, type NewTrafficEntry } from '../store/traffic-store';
import { startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';
import { ActivityCycles } from './cycles';

const T0 = Date.UTC(2026, 0, 5, 9, 0);

interface Req {
  at: number; // seconds after T0
  operation: Operation;
  resourceId?: string | null;
  status?: number;
  client?: ClientKind;
  notes?: DialectNote[];
}

const entry = ({
  at,
  operation,
  resourceId = null,
  status = 200,
  client = 'entra',
  notes = [],
}: Req): NewTrafficEntry => ({
  time: new Date(T0 + at * 1000).toISOString(),
  client,
  method: 'POST',
  path: '/scim/v2/Users',
  query: '',
  status,
  authenticated: true,
  deviations: notes.length,
  durationMs: 1,
  operation,
  resourceType: 'User',
  resourceId,
  sentence: operation,
  requestHeaders: {},
  // Wide rows, as real ones are: cycles must not need to read them.
  requestBody: JSON.stringify({ padding: 'x'.repeat(2000) }),
  responseHeaders: {},
  responseBody: null,
  notes,
  before: null,
  after: null,
  members: null,
});

const STRING_BOOLEAN: DialectNote = { code: 'string-boolean', message: 'sent active as the string "False"' };

/** An earlier cycle of every kind, then a 1,500-create cycle an hour later. */
function twoCycles(): Req[] {
  const earlier: Req[] = [{ at: 0, operation: 'discovery' }];
  for (let i = 0; i < 30; i++)
    earlier.push({ at: 1, operation: 'lookup-users' }, { at: 1, operation: 'create-user', resourceId: `u${i}` });
  for (let i = 0; i < 5; i++)
    earlier.push({ at: 2, operation: 'disable-user', resourceId: `u${i}`, notes: [STRING_BOOLEAN] });
  for (let i = 0; i < 8; i++) earlier.push({ at: 3, operation: 'update-user', resourceId: `u${10 + i}` });
  earlier.push({ at: 3, operation: 'update-user', resourceId: 'u10' }); // the same user twice: 8 users updated
  earlier.push({ at: 4, operation: 'delete-user', resourceId: 'u29' });
  earlier.push({ at: 5, operation: 'add-members', resourceId: 'g1' });
  earlier.push({ at: 5, operation: 'remove-members', resourceId: 'g1' });
  earlier.push({ at: 5, operation: 'update-members', resourceId: 'g2' });
  earlier.push({ at: 6, operation: 'create-user', status: 409 });
  earlier.push({ at: 6, operation: 'update-user', resourceId: 'u3', status: 400 });
  earlier.push({ at: 6, operation: 'create-group', status: 400, notes: [STRING_BOOLEAN] });
  const later: Req[] = [];
  for (let i = 0; i < 1500; i++)
    later.push(
      { at: 3600 + i * 0.05, operation: 'lookup-users' },
      { at: 3600 + i * 0.05, operation: 'create-user', resourceId: `n${i}` },
    );
  return [...earlier, ...later];
}

function storeWith(requests: Req[]): TrafficStore {
  const store = new TrafficStore(path.join(tempDir(), 'traffic.db'));
  store.insertMany(requests.map(entry));
  return store;
}

describe('activity cycles', () => {
  it('counts a 1,500-create cycle and an earlier one over the whole log, by kind, failures as failures', async () => {
    const store = storeWith(twoCycles());
    const page = await new ActivityCycles(
      () => store,
      undefined,
      () => T0 + 86_400_000,
    ).page();
    expect(page.total).toBe(2);
    expect(page.nextCursor).toBeNull();
    const [newest, earlier] = page.cycles;
    expect(newest).toMatchObject({
      client: 'entra',
      requests: 3000,
      reads: 1500,
      changes: { 'create-user': 1500 },
      failures: {},
      notes: [],
      inProgress: false,
    });
    expect(newest!.start).toBe(new Date(T0 + 3600_000).toISOString());
    expect(earlier).toMatchObject({
      requests: 82,
      reads: 31,
      changes: {
        'create-user': 30,
        'disable-user': 5,
        'update-user': 8,
        'delete-user': 1,
        'update-members': 2,
      },
      failures: { 'create-user': 1, 'update-user': 1, 'create-group': 1 },
      // Said once, however many requests sent it (a failed one too).
      notes: [{ ...STRING_BOOLEAN, requests: 6 }],
    });
    expect(earlier!.end).toBe(new Date(T0 + 6000).toISOString());
  });

  it('pages newest first, and keeps clients apart even when they overlap', async () => {
    const store = storeWith([
      { at: 0, operation: 'create-user', resourceId: 'a' },
      { at: 1, operation: 'create-user', resourceId: 'b', client: 'okta' },
      { at: 2, operation: 'create-user', resourceId: 'c' },
      { at: 1000, operation: 'create-user', resourceId: 'd' },
    ]);
    const cycles = new ActivityCycles(() => store);
    const first = await cycles.page({ limit: 1 });
    expect(first.cycles.map((c) => [c.client, c.requests])).toEqual([['entra', 1]]);
    const second = await cycles.page({ limit: 1, before: first.nextCursor! });
    expect(second.cycles.map((c) => [c.client, c.requests])).toEqual([['okta', 1]]);
    const third = await cycles.page({ limit: 5, before: second.nextCursor! });
    expect(third.cycles.map((c) => [c.client, c.requests])).toEqual([['entra', 2]]);
    expect(third.nextCursor).toBeNull();
    expect(third.total).toBe(3);
  });

  it('extends the cycle in progress as requests arrive, and starts the next after a pause', async () => {
    const store = storeWith([{ at: 0, operation: 'create-user', resourceId: 'a' }]);
    const cycles = new ActivityCycles(
      () => store,
      undefined,
      () => T0 + 30_000,
    );
    expect((await cycles.page()).cycles[0]).toMatchObject({ inProgress: true, requests: 1 });
    store.insertMany([entry({ at: 60, operation: 'delete-user', resourceId: 'a' })]);
    expect((await cycles.page()).cycles.map((c) => c.changes)).toEqual([{ 'create-user': 1, 'delete-user': 1 }]);
    store.insertMany([entry({ at: 400, operation: 'create-user', resourceId: 'b' })]);
    expect((await cycles.page()).cycles.map((c) => c.requests)).toEqual([1, 2]);
  });

  it('after retention prunes the oldest entries, says what a fresh count of the remaining log says', async () => {
    const requests = twoCycles();
    const store = storeWith(requests);
    const kept = new ActivityCycles(() => store);
    await kept.page();
    for (const keep of [requests.length - 20, 3000, 2000, 10]) {
      store.prune(keep, '1970-01-01', 100_000);
      store.insertMany([entry({ at: 3600 + 80, operation: 'create-user', resourceId: `late-${keep}` })]);
      const fresh = await new ActivityCycles(() => store).page();
      expect(await kept.page()).toEqual(fresh);
    }
    expect((await kept.page()).cycles).toHaveLength(1);
  });

  it('starts again from an empty log when it is cleared', async () => {
    const store = storeWith(twoCycles());
    const cycles = new ActivityCycles(() => store);
    expect((await cycles.page()).total).toBe(2);
    store.clear();
    expect(await cycles.page()).toEqual({ cycles: [], nextCursor: null, total: 0 });
    store.insertMany(twoCycles().slice(0, 3).map(entry));
    expect((await cycles.page()).cycles.map((c) => c.requests)).toEqual([3]);
  });

  it('is what the engine answers for real SCIM traffic (activity:cycles)', async () => {
    const bench = await startBench();
    const created = (await (await bench.scim('/Users', { method: 'POST', json: { userName: 'ann' } })).json()) as {
      id: string;
    };
    await bench.scim('/Users', { method: 'POST', json: { userName: 'ann' } }); // 409: taken
    await bench.scim(`/Users/${created.id}`, { method: 'DELETE' });
    await bench.traffic(3);
    const page = await bench.engine.handlers['activity:cycles']({});
    expect(page.cycles).toHaveLength(1);
    expect(page.cycles[0]).toMatchObject({
      requests: 3,
      changes: { 'create-user': 1, 'delete-user': 1 },
      failures: { 'create-user': 1 },
    });
  });
});
