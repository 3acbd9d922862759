/**
 * Keeps the traffic log within its limits — entries, age and bytes — pruning the oldest entries in
 * small batches between other work, so a large clean-up never holds the database for long. After
 * a prune the writer thread compacts the file (rewrites the full-text index without the pruned
 * entries, gives free pages back), so traffic.db actually shrinks and keeps no trace of them.
 *
 * Bytes are what an attacker can grow: a count of 100,000 entries allows 100 GB of 1 MB bodies.
 * They are measured as SQLite pages in use, which is what the file compacts to.
 */
import type { TrafficStore } from '../store/traffic-store';

export interface RetentionLimits {
  maxEntries: number;
  maxAgeDays: number;
  /** Bytes of traffic.db in use (pages less free pages), index included. */
  maxBytes: number;
}

export const DEFAULT_RETENTION: RetentionLimits = { maxEntries: 100_000, maxAgeDays: 30, maxBytes: 1024 ** 3 };
const BATCH = 2000;
/** Deleting is writing (deleted content is overwritten): a batch deletes at most this much. */
const BYTES_PER_BATCH = 16 * 1024 * 1024;
const EVERY_MS = 60_000;

export class TrafficRetention {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private limits: RetentionLimits;

  /** `compact` runs after a prune that removed entries (the writer thread's TrafficStore.compact). */
  constructor(
    private readonly store: TrafficStore,
    limits: Partial<RetentionLimits>,
    private readonly onError: (error: unknown) => void,
    private readonly compact: () => Promise<void> = async () => store.compact(),
  ) {
    this.limits = { ...DEFAULT_RETENTION, ...limits };
  }

  /** New limits apply at once (a prune runs now); a limit not given is kept. */
  setLimits(limits: Partial<RetentionLimits>): void {
    this.limits = { ...this.limits, ...limits };
    void this.run();
  }

  get current(): RetentionLimits {
    return { ...this.limits };
  }

  start(): void {
    this.timer = setInterval(() => void this.run(), EVERY_MS);
    this.timer.unref();
    void this.run();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Prunes until within limits, yielding to the event loop between batches, then compacts. Resolves with the count. */
  async run(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let removed = 0;
    try {
      const cutoff = new Date(Date.now() - this.limits.maxAgeDays * 86_400_000).toISOString();
      for (;;) {
        const n = this.store.prune(this.limits.maxEntries, cutoff, BATCH);
        removed += n;
        if (n === 0) break;
        await pause();
      }
      let compacted = false;
      // Bytes: prune the oldest entries whose content adds up to the excess, compact, measure
      // again (the index and page overhead are only known then), until under the limit.
      for (let excess = this.excess(); excess > 0 && this.store.count() > 0; excess = this.excess()) {
        for (let freed = 0; freed < excess;) {
          const pruned = this.store.pruneBytes(Math.min(excess - freed, BYTES_PER_BATCH), BATCH);
          if (!pruned.count) break;
          removed += pruned.count;
          freed += pruned.bytes;
          await pause();
        }
        await this.compact();
        compacted = true;
      }
      if (removed && !compacted) await this.compact();
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
    return removed;
  }

  private excess(): number {
    return this.store.usedBytes() - this.limits.maxBytes;
  }
}

const pause = () => new Promise((resolve) => setImmediate(resolve));
