/**
 * Keeps the traffic log within its limits (count and age), pruning in small batches between other
 * work so a large clean-up never holds the database for long.
 */
import type { TrafficStore } from '../store/traffic-store';

export interface RetentionLimits {
  maxEntries: number;
  maxAgeDays: number;
}

export const DEFAULT_RETENTION: RetentionLimits = { maxEntries: 100_000, maxAgeDays: 30 };
const BATCH = 2000;
const EVERY_MS = 60_000;

export class TrafficRetention {
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly store: TrafficStore,
    private limits: RetentionLimits,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** New limits apply at once (a prune runs now). */
  setLimits(limits: RetentionLimits): void {
    this.limits = limits;
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

  /** Prunes until within limits, yielding to the event loop between batches. Resolves with the count. */
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
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
    return removed;
  }
}
