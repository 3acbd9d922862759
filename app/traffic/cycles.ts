/**
 * Provisioning cycles over the whole traffic log (the Activity screen): a client's requests with
 * less than the gap between them form one cycle (Entra runs a cycle every 40 minutes and sends it
 * as a burst). The console once grouped only the newest 500 requests, so a 1,500-create cycle read
 * as "254 changes" and older cycles vanished; here every entry counts.
 *
 * Cycles are kept in memory, oldest first, and brought up to date from the log at each query: new
 * entries extend them (a full first pass reads narrow columns in batches, yielding between them).
 * Retention removes the oldest entries, which only shortens or removes the oldest cycles — those
 * are rebuilt from what is left; a cleared or replaced log is read again from the start.
 */
import type { Operation } from '../../shared/operations';
import type { ActivityCycle, ActivityPage, ClientKind } from '../../shared/types';
import type { ActivityRow, TrafficStore } from '../store/traffic-store';

/** Requests of one client less than this apart belong to one cycle. */
export const CYCLE_GAP_MS = 120_000;
/**
 * Rows read between yields. Measured on a 1,000,000-entry log (2 cores): 20,000 stalled SCIM
 * requests up to 739 ms a batch; 2,000 stalls at most ~60 ms and the first pass is faster too
 * (200,000 entries: 1.8 s against 2.7 s; 1,000,000: 9.4 s, then ~1 ms a query).
 */
const BATCH = 2_000;
/** Distinct resources are counted per operation up to this many; beyond, each request counts one. */
const DISTINCT_LIMIT = 100_000;

/** What changes something when it succeeds; every other successful request is a read. */
const CHANGES: ReadonlySet<Operation> = new Set<Operation>([
  'create-user',
  'create-group',
  'replace-user',
  'replace-group',
  'update-user',
  'update-group',
  'disable-user',
  'enable-user',
  'delete-user',
  'delete-group',
  'add-members',
  'remove-members',
  'update-members',
  'bulk',
]);

/** Membership operations are counted together, as the groups whose members changed. */
const countedAs = (operation: Operation): Operation =>
  operation === 'add-members' || operation === 'remove-members' ? 'update-members' : operation;

interface Building {
  cycle: ActivityCycle;
  endMs: number;
  /** Resources each operation changed, while the cycle may still grow. */
  resources: Map<Operation, Set<string>>;
}

export class ActivityCycles {
  /** Oldest first, by the id of their first request. */
  private cycles: ActivityCycle[] = [];
  /** The newest cycle of each client, which the next request of that client may extend. */
  private open = new Map<ClientKind, Building>();
  private lastId = 0;
  private lastTime: string | null = null;
  private oldestId: number | null = null;
  private updating: Promise<void> | null = null;

  constructor(
    /** A getter: the store reopens its file when it was replaced. */
    private readonly store: () => TrafficStore,
    private readonly gapMs = CYCLE_GAP_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A page of cycles, newest first; `before` is the previous page's `nextCursor`. */
  async page({ before, limit = 50 }: { before?: number; limit?: number } = {}): Promise<ActivityPage> {
    await this.catchUp();
    let end = this.cycles.length;
    if (before !== undefined) {
      // The first cycle whose id is not below `before` (binary search: ids ascend).
      let low = 0;
      while (low < end) {
        const mid = (low + end) >> 1;
        if (this.cycles[mid]!.id < before) low = mid + 1;
        else end = mid;
      }
    }
    const start = Math.max(0, end - limit);
    const now = this.now();
    const cycles = this.cycles
      .slice(start, end)
      .reverse()
      .map((c) => ({
        ...structuredClone(c),
        inProgress: now - Date.parse(c.end) < this.gapMs,
      }));
    return { cycles, nextCursor: start > 0 ? this.cycles[start]!.id : null, total: this.cycles.length };
  }

  /** Concurrent queries share one pass over the new entries. */
  private catchUp(): Promise<void> {
    this.updating ??= this.update().finally(() => {
      this.updating = null;
    });
    return this.updating;
  }

  private async update(): Promise<void> {
    const store = this.store();
    if (this.lastId) {
      const marks = store.activityMarks(this.lastId);
      if (marks.timeOf !== this.lastTime)
        this.reset(); // cleared, or another file
      else if (marks.oldestId !== this.oldestId) this.pruned(store, marks.oldestId!);
    }
    for (;;) {
      const rows = store.activityRows({ after: this.lastId }, BATCH);
      for (const row of rows) this.add(row);
      if (rows.length < BATCH) return;
      await new Promise((resolve) => setImmediate(resolve)); // let SCIM requests in between batches
    }
  }

  private reset(): void {
    this.cycles = [];
    this.open.clear();
    this.lastId = 0;
    this.lastTime = null;
    this.oldestId = null;
  }

  /**
   * The entries before `oldestId` are gone. Cycles gaps are between a client's consecutive
   * requests, which pruning a prefix does not change: cycles that ended before it go, and those
   * it cut into are counted again from their remaining requests.
   */
  private pruned(store: TrafficStore, oldestId: number): void {
    this.oldestId = oldestId;
    const kept: ActivityCycle[] = [];
    for (const cycle of this.cycles) {
      if (cycle.id >= oldestId) kept.push(cycle);
      else if (cycle.lastId >= oldestId) kept.push(this.recount(store, cycle, oldestId));
      else if (this.open.get(cycle.client)?.cycle === cycle) this.open.delete(cycle.client);
    }
    this.cycles = kept.sort((a, b) => a.id - b.id);
  }

  private recount(store: TrafficStore, old: ActivityCycle, oldestId: number): ActivityCycle {
    const wasOpen = this.open.get(old.client)?.cycle === old;
    let building: Building | null = null;
    for (let after = oldestId - 1; ;) {
      const rows = store.activityRows({ after, upTo: old.lastId, client: old.client }, BATCH);
      for (const row of rows) {
        building ??= this.begin(row);
        this.count(building, row);
      }
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1]!.id;
    }
    if (wasOpen) this.open.set(old.client, building!);
    return building!.cycle;
  }

  private add(row: ActivityRow): void {
    this.oldestId ??= row.id;
    this.lastId = row.id;
    this.lastTime = row.time;
    let building = this.open.get(row.client);
    if (!building || Date.parse(row.time) - building.endMs > this.gapMs) {
      building = this.begin(row);
      this.open.set(row.client, building);
      this.cycles.push(building.cycle);
    }
    this.count(building, row);
  }

  private begin(row: ActivityRow): Building {
    return {
      cycle: {
        id: row.id,
        lastId: row.id,
        client: row.client,
        start: row.time,
        end: row.time,
        inProgress: false,
        requests: 0,
        changes: {},
        reads: 0,
        failures: {},
        notes: [],
      },
      endMs: Date.parse(row.time),
      resources: new Map(),
    };
  }

  private count(building: Building, row: ActivityRow): void {
    const { cycle } = building;
    cycle.lastId = row.id;
    // Arrival order and id order can differ by a moment: the cycle spans both ends.
    if (row.time > cycle.end) cycle.end = row.time;
    if (row.time < cycle.start) cycle.start = row.time;
    building.endMs = Math.max(building.endMs, Date.parse(row.time));
    cycle.requests++;
    for (const note of row.notes ?? []) {
      const seen = cycle.notes.find((n) => n.code === note.code);
      if (seen) seen.requests++;
      else cycle.notes.push({ ...note, requests: 1 });
    }
    if (row.status >= 400) {
      cycle.failures[row.operation] = (cycle.failures[row.operation] ?? 0) + 1;
      return;
    }
    if (!CHANGES.has(row.operation)) {
      cycle.reads++;
      return;
    }
    const kind = countedAs(row.operation);
    let resources = building.resources.get(kind);
    if (!resources) building.resources.set(kind, (resources = new Set()));
    const before = resources.size;
    if (row.resourceId !== null && before < DISTINCT_LIMIT) resources.add(row.resourceId);
    if (row.resourceId === null || before >= DISTINCT_LIMIT || resources.size > before)
      cycle.changes[kind] = (cycle.changes[kind] ?? 0) + 1;
  }
}
