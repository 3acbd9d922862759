/**
 * The traffic writer thread: inserts batches (and their full-text index rows) on its own SQLite
 * connection, so no SCIM request on the main thread waits for them. It is the same TrafficStore
 * the main thread reads with; WAL mode lets both work at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TrafficStore } from '../store/traffic-store';
import type { FromWriter, ToWriter, WriterData } from './writer-protocol';

const port = parentPort!;
const store = new TrafficStore((workerData as WriterData).file);
const reply = (message: FromWriter) => port.postMessage(message);

port.on('message', (message: ToWriter) => {
  if (message.kind === 'close') {
    store.close();
    reply({ kind: 'closed' });
    return;
  }
  try {
    reply({ kind: 'written', seq: message.seq, summaries: store.insertMany(message.entries) });
  } catch (error) {
    reply({ kind: 'failed', seq: message.seq, error: error instanceof Error ? error.message : String(error) });
  }
});
