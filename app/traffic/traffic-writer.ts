/**
 * The engine's side of the traffic writer thread (traffic-writer.worker.ts). Batches are numbered
 * and settled in order; if the thread dies, every batch in flight is rejected (its entries were not
 * recorded, and the error says how many), the death is reported, and the next batch starts a new
 * thread — so capture recovers and shutdown never waits for a thread that is gone.
 */
import { Worker } from 'node:worker_threads';
import type { TrafficSummary } from '../../shared/types';
import type { NewTrafficEntry } from '../store/traffic-store';
import { entryFile } from '../workers/entry-file';
import type { FromWriter, ToWriter, WriterData } from './writer-protocol';

interface InFlight {
  count: number;
  resolve(): void;
  reject(error: Error): void;
}

export class TrafficWriterError extends Error {}

export class TrafficWriter {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly inFlight = new Map<number, InFlight>();
  private closing = false;

  constructor(
    private readonly file: string,
    private readonly onWritten: (summaries: TrafficSummary[]) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Hands a batch to the thread; resolves once it is written, rejects if it was not. */
  write(entries: NewTrafficEntry[]): Promise<void> {
    if (this.closing) return Promise.reject(new TrafficWriterError('The traffic writer is closed'));
    const seq = ++this.seq;
    return new Promise<void>((resolve, reject) => {
      this.inFlight.set(seq, { count: entries.length, resolve, reject });
      this.send({ kind: 'write', seq, entries });
    });
  }

  /** Lets the batches already handed over finish (the thread takes them in order), then ends the thread. */
  async close(): Promise<void> {
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
      if (message.kind === 'written') {
        batch?.resolve();
        this.onWritten(message.summaries);
      } else {
        batch?.reject(new TrafficWriterError(`Recording ${batch.count} traffic entries failed: ${message.error}`));
      }
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
            `${batch.count} traffic entries were not recorded: the writer stopped (exit code ${code})`,
          ),
        );
      this.inFlight.clear();
    });
    return worker;
  }
}
