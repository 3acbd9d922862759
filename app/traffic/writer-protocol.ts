/** Messages between the engine and the traffic writer thread (traffic-writer.worker.ts). */
import type { TrafficSummary } from '../../shared/types';
import type { NewTrafficEntry } from '../store/traffic-store';

/** What the worker is started with. */
export interface WriterData {
  file: string;
}

export type ToWriter = { kind: 'write'; seq: number; entries: NewTrafficEntry[] } | { kind: 'close' };

export type FromWriter =
  | { kind: 'written'; seq: number; summaries: TrafficSummary[] }
  | { kind: 'failed'; seq: number; error: string }
  | { kind: 'closed' };
