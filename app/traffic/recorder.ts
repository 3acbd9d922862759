/**
 * Queues traffic entries off the request path and hands them to the writer thread in batches: a
 * burst of requests becomes a few batched inserts and a few events, and no request waits for one.
 */
import type { TrafficSummary } from '../../shared/types';
import type { NewTrafficEntry } from '../store/traffic-store';
import { TrafficWriter } from './traffic-writer';

/** Above this many queued entries, hand them over at once instead of waiting for the timer. */
const FLUSH_AT = 500;
const FLUSH_DELAY_MS = 25;

export class TrafficRecorder {
  private queue: NewTrafficEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly writer: TrafficWriter;

  constructor(
    file: string,
    announce: (entries: TrafficSummary[]) => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.writer = new TrafficWriter(file, announce, onError);
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
    this.writer.write(batch).catch(this.onError);
  }

  /** Writes what is queued and stops the writer (on shutdown). */
  async close(): Promise<void> {
    this.flush();
    await this.writer.close();
  }
}
