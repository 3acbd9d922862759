/**
 * Queues traffic entries off the request path and hands them to the writer thread in batches: a
 * burst of requests becomes a few batched inserts and a few events, and no request waits for one.
 * Before handing a batch over it checks (at most once a second) that traffic.db is still the file
 * the bench opened; one deleted while running is reopened, not written into until exit.
 */
import type { TrafficSummary } from '../../shared/types';
import type { NewTrafficEntry, TrafficStore } from '../store/traffic-store';
import { TrafficWriter } from './traffic-writer';

/** Above this many queued entries, hand them over at once instead of waiting for the timer. */
const FLUSH_AT = 500;
const FLUSH_DELAY_MS = 25;

export class TrafficRecorder {
  private queue: NewTrafficEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly writer: TrafficWriter;

  /** `store` is the main thread's connection (the one the engine reads), reopened with the writer's. */
  constructor(
    private readonly store: TrafficStore,
    announce: (entries: TrafficSummary[]) => void,
    private readonly onError: (error: Error) => void,
    private readonly onWarning: (message: string) => void,
  ) {
    this.writer = new TrafficWriter(store.file, announce, onError);
  }

  record(entry: NewTrafficEntry): void {
    this.queue.push(entry);
    if (this.queue.length >= FLUSH_AT) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_DELAY_MS);
  }

  /** Hands everything queued to the writer now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    if (this.store.replaced()) {
      this.onWarning(
        `${this.store.file} was deleted or replaced while SCIM Bench was running; traffic is recorded in a new file there`,
      );
      this.writer.reopen(() => this.store.reopen()).catch(this.onError);
    }
    this.writer.write(batch).catch(this.onError);
  }

  /** Rewrites the index and shrinks traffic.db on the writer thread (after retention pruned it). */
  compact(): Promise<void> {
    return this.writer.compact();
  }

  /** Deletes every entry (those still queued too) on the writer thread; resolves with how many. */
  clear(): Promise<number> {
    this.flush();
    return this.writer.clear();
  }

  /** Writes what is queued and stops the writer (on shutdown). */
  async close(): Promise<void> {
    this.flush();
    await this.writer.close();
  }
}
