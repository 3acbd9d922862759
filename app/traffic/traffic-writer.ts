/**
 * Writes traffic entries on a worker thread with its own SQLite connection, so inserting a batch
 * (and updating its full-text index) never holds up a SCIM request on the main thread. The main
 * thread keeps its connection for reads; WAL mode lets both work at once.
 *
 * The worker's program is plain JavaScript in a string (run with `eval: true`), so it works the
 * same from the TypeScript sources, the CLI bundle and the Electron bundle; better-sqlite3 is
 * resolved here and its path handed over.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { TrafficSummary } from '../../shared/types';
import { INSERT_TRAFFIC_SQL, type NewTrafficEntry } from '../store/traffic-store';

const WRITER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare(workerData.insertSql);
const json = (v) => (v === null || v === undefined ? null : JSON.stringify(v));
const insertAll = db.transaction((entries) => entries.map((e) => {
  const id = Number(insert.run({
    ...e,
    requestHeaders: JSON.stringify(e.requestHeaders),
    responseHeaders: JSON.stringify(e.responseHeaders),
    notes: JSON.stringify(e.notes),
    before: json(e.before),
    after: json(e.after),
    members: json(e.members),
  }).lastInsertRowid);
  return { id, time: e.time, client: e.client, method: e.method, path: e.path, status: e.status, durationMs: e.durationMs,
    operation: e.operation, resourceType: e.resourceType, resourceId: e.resourceId, sentence: e.sentence };
}));
parentPort.on('message', (message) => {
  if (message.close) { db.close(); parentPort.postMessage({ closed: true }); return; }
  try {
    parentPort.postMessage({ seq: message.seq, summaries: insertAll(message.entries) });
  } catch (error) {
    parentPort.postMessage({ seq: message.seq, error: String(error && error.message || error) });
  }
});
`;

/** Where better-sqlite3 lives, from whichever module system this code was bundled into. */
function sqlitePath(): string {
  // CommonJS (the Electron bundle) has require.resolve; ESM (the CLI bundle, tests) has import.meta.url.
  // (esbuild's ESM output defines a stand-in `require` without `resolve`, hence the second check.)
  if (typeof require === 'function' && typeof require.resolve === 'function') return require.resolve('better-sqlite3');
  return createRequire(import.meta.url).resolve('better-sqlite3');
}

export class TrafficWriter {
  private readonly worker: Worker;
  private seq = 0;
  private last: Promise<void> = Promise.resolve();
  private readonly inFlight = new Map<number, () => void>();

  constructor(
    file: string,
    private readonly onWritten: (summaries: TrafficSummary[]) => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: { file, sqlite: sqlitePath(), insertSql: INSERT_TRAFFIC_SQL },
    });
    this.worker.on(
      'message',
      (message: { seq: number; summaries?: TrafficSummary[]; error?: string; closed?: boolean }) => {
        if (message.closed) return;
        this.inFlight.get(message.seq)?.();
        this.inFlight.delete(message.seq);
        if (message.error) this.onError(new Error(`Recording traffic failed: ${message.error}`));
        else this.onWritten(message.summaries!);
      },
    );
    this.worker.on('error', (error) => this.onError(error));
  }

  /** Hands a batch to the worker; resolves once it is written (or has failed and been reported). */
  write(entries: NewTrafficEntry[]): Promise<void> {
    const seq = ++this.seq;
    this.last = new Promise((resolve) => {
      this.inFlight.set(seq, resolve);
      this.worker.postMessage({ seq, entries });
    });
    return this.last;
  }

  /** Waits for the batches already handed over (the worker takes them in order), then ends the worker. */
  async close(): Promise<void> {
    await this.last;
    await new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.postMessage({ close: true });
    });
    await this.worker.terminate();
  }
}
