/**
 * The engine's side of the traffic writer thread (traffic-writer.worker.ts). Batches are numbered
 * and settled in order; if the thread dies, every batch in flight is rejected (its entries were not
 * recorded, and the error says how many), the death is reported, and the next batch starts a new
 * thread — so capture recovers and shutdown never waits for a thread that is gone. It also
 * compacts the file after pruning, and closes and reopens it when it was deleted (`reopen`).
 */
import { Worker } from 'node:worker_threads';
import type { TrafficSummary } from '../../shared/types';
import type { NewTrafficEntry } from '../store/traffic-store';
import { entryFile } from '../workers/entry-file';
import type { FromWriter, ToWriter, WriterData } from './writer-protocol';

interface InFlight {
  /** What was asked, for errors: "Recording 3 traffic entries", "Compacting traffic.db". */
  what: string;
  /** Entries that are lost if it fails. */
  count: number;
  resolve(count: number): void;
  reject(error: Error): void;
}

export class TrafficWriterError extends Error {}

export class TrafficWriter {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly inFlight = new Map<number, InFlight>();
  private closing = false;
  /** Set while traffic.db is closed and reopened; writes wait for it. */
  private reopening: Promise<void> | null = null;

  constructor(
    private readonly file: string,
    private readonly onWritten: (summaries: TrafficSummary[]) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Hands a batch to the thread; resolves once it is written, rejects if it was not. */
  async write(entries: NewTrafficEntry[]): Promise<void> {
    const what = `Recording ${entries.length} traffic entries`;
    await this.afterReopen(() => this.request(what, entries.length, (seq) => ({ kind: 'write', seq, entries })));
  }

  /** Rewrites the full-text index and shrinks the file (after pruning), on the thread. */
  async compact(): Promise<void> {
    await this.afterReopen(() => this.request('Compacting traffic.db', 0, (seq) => ({ kind: 'compact', seq })));
  }

  /** Deletes every entry on the thread (see TrafficStore.clear); resolves with how many. */
  clear(): Promise<number> {
    return this.afterReopen(() => this.request('Clearing traffic.db', 0, (seq) => ({ kind: 'clear', seq })));
  }

  /**
   * Sends at once (synchronously, so a close() right after cannot overtake it), or, while a reopen
   * is under way, after it, in the order the requests were made.
   */
  private afterReopen<T>(send: () => Promise<T>): Promise<T> {
    return this.reopening ? this.reopening.then(send, send) : send();
  }

  /**
   * traffic.db was deleted or replaced: the thread closes its connection, `between` reopens the
   * main thread's (see TrafficStore.reopen for why in this order), then the thread opens the file
   * again. Writes handed over meanwhile wait and follow in order.
   */
  reopen(between: () => void): Promise<void> {
    const run = async () => {
      // A thread that died holds nothing open; a new one opens the new file.
      if (this.worker) await this.request('Closing traffic.db', 0, (seq) => ({ kind: 'release', seq })).catch(() => {});
      between();
      if (this.worker) await this.request('Reopening traffic.db', 0, (seq) => ({ kind: 'reopen', seq }));
    };
    this.reopening ??= run().finally(() => (this.reopening = null));
    return this.reopening;
  }

  private request(what: string, count: number, message: (seq: number) => ToWriter): Promise<number> {
    if (this.closing) return Promise.reject(new TrafficWriterError('The traffic writer is closed'));
    const seq = ++this.seq;
    return new Promise<number>((resolve, reject) => {
      this.inFlight.set(seq, { what, count, resolve, reject });
      this.send(message(seq));
    });
  }

  /** Lets the batches already handed over finish (the thread takes them in order), then ends the thread. */
  async close(): Promise<void> {
    // A reopen under way finishes first, and the writes waiting on it are handed over before this.
    if (this.reopening) await this.reopening.catch(() => {});
    this.closing = true;
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.on('message', (message: FromWriter) => {
        if (message.kind === 'closed') void worker.terminate();
      });
      worker.postMessage({ kind: 'close' } satisfies ToWriter);
    });
  }

  private send(message: ToWriter): void {
    (this.worker ??= this.start()).postMessage(message);
  }

  private start(): Worker {
    const worker = new Worker(entryFile('traffic-writer'), { workerData: { file: this.file } satisfies WriterData });
    worker.on('message', (message: FromWriter) => {
      if (message.kind === 'closed') return;
      const batch = this.inFlight.get(message.seq);
      this.inFlight.delete(message.seq);
      if (message.kind === 'failed') batch?.reject(new TrafficWriterError(`${batch.what} failed: ${message.error}`));
      else batch?.resolve(message.kind === 'done' ? (message.count ?? 0) : 0);
      if (message.kind === 'written') this.onWritten(message.summaries);
    });
    worker.on('error', (error) => this.onError(new TrafficWriterError(`The traffic writer failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      if (!this.closing)
        this.onError(
          new TrafficWriterError(
            `The traffic writer stopped (exit code ${code}); a new one starts with the next request`,
          ),
        );
      for (const batch of this.inFlight.values())
        batch.reject(
          new TrafficWriterError(
            batch.count
              ? `${batch.count} traffic entries were not recorded: the writer stopped (exit code ${code})`
              : `${batch.what} did not finish: the writer stopped (exit code ${code})`,
          ),
        );
      this.inFlight.clear();
    });
    return worker;
  }
}
