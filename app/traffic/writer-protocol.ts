/** Messages between the engine and the traffic writer thread (traffic-writer.worker.ts). */
import type { TrafficSummary } from '../../shared/types';
import type { NewTrafficEntry } from '../store/traffic-store';

/** What the worker is started with. */
export interface WriterData {
  file: string;
}

export type ToWriter =
  | { kind: 'write'; seq: number; entries: NewTrafficEntry[] }
  /** Rewrite the full-text index and shrink the file, after entries were pruned. */
  | { kind: 'compact'; seq: number }
  /** Delete every entry, leaving no trace in the file (TrafficStore.clear). */
  | { kind: 'clear'; seq: number }
  /** Close the connection (traffic.db was deleted or replaced); writes wait for `reopen`. */
  | { kind: 'release'; seq: number }
  /** Open the file at the path again, once every other connection to the old one is closed. */
  | { kind: 'reopen'; seq: number }
  | { kind: 'close' };

export type FromWriter =
  | { kind: 'written'; seq: number; summaries: TrafficSummary[] }
  /** A compact, clear, release or reopen is done; `count`: entries a clear removed. */
  | { kind: 'done'; seq: number; count?: number }
  | { kind: 'failed'; seq: number; error: string }
  | { kind: 'closed' };
