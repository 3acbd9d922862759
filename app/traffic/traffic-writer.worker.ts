/**
 * The traffic writer thread: inserts batches (and their full-text index rows) on its own SQLite
 * connection, so no SCIM request on the main thread waits for them, and compacts or clears the file
 * for the same reason. It is the same TrafficStore the main thread reads with; WAL mode
 * lets both work at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TrafficStore } from '../store/traffic-store';
import type { FromWriter, ToWriter, WriterData } from './writer-protocol';

const port = parentPort!;
const { file } = workerData as WriterData;
/** Null between `release` and `reopen`. */
let store: TrafficStore | null = new TrafficStore(file);
const reply = (message: FromWriter) => port.postMessage(message);
const open = () => {
  if (!store) throw new Error('traffic.db is being reopened');
  return store;
};

port.on('message', (message: ToWriter) => {
  if (message.kind === 'close') {
    store?.close();
    reply({ kind: 'closed' });
    return;
  }
  try {
    switch (message.kind) {
      case 'write':
        return reply({ kind: 'written', seq: message.seq, summaries: open().insertMany(message.entries) });
      case 'compact':
        open().compact();
        break;
      case 'clear':
        return reply({ kind: 'done', seq: message.seq, count: open().clear() });
      case 'release':
        store?.close();
        store = null;
        break;
      case 'reopen':
        store ??= new TrafficStore(file);
        break;
    }
    reply({ kind: 'done', seq: message.seq });
  } catch (error) {
    reply({ kind: 'failed', seq: message.seq, error: error instanceof Error ? error.message : String(error) });
  }
});
