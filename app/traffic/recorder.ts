/**
 * Writes traffic entries off the request path: entries queue in memory and are inserted in one
 * transaction per tick, then announced. A burst of requests costs one SQLite transaction per
 * flush instead of one per request.
 */
import type { TrafficSummary } from '../../shared/types';
import type { NewTrafficEntry, TrafficStore } from '../store/traffic-store';

/** Above this many queued entries, flush at once instead of waiting for the timer. */
const FLUSH_AT = 500;
const FLUSH_DELAY_MS = 25;

export class TrafficRecorder {
  private queue: NewTrafficEntry[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: TrafficStore,
    private readonly announce: (entries: TrafficSummary[]) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(entry: NewTrafficEntry): void {
    this.queue.push(entry);
    if (this.queue.length >= FLUSH_AT) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_DELAY_MS);
  }

  /** Writes everything queued now (also called on shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    try {
      this.announce(this.store.insertMany(batch));
    } catch (error) {
      this.onError(error);
    }
  }
}
