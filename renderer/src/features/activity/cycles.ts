/**
 * Groups traffic into provisioning cycles: a client's requests with less than `gapMs` between them
 * belong to one cycle (Entra runs a cycle every 40 minutes and sends its requests in a burst).
 * Pure, so it is unit-tested.
 */
import type { ClientKind, TrafficSummary } from '../../../../shared/types';

export interface Cycle {
  client: ClientKind;
  start: string;
  end: string;
  /** Changes (creates, updates, deletes…), oldest first; reads are only counted. */
  changes: TrafficSummary[];
  reads: number;
  errors: number;
}

const READS = /^(lookup|list|get|search)-|^discovery$/;

export function groupCycles(entries: TrafficSummary[], gapMs = 120_000): Cycle[] {
  const oldestFirst = [...entries].sort((a, b) => a.id - b.id);
  const open = new Map<ClientKind, Cycle>();
  const cycles: Cycle[] = [];
  for (const e of oldestFirst) {
    let cycle = open.get(e.client);
    if (!cycle || Date.parse(e.time) - Date.parse(cycle.end) > gapMs) {
      cycle = { client: e.client, start: e.time, end: e.time, changes: [], reads: 0, errors: 0 };
      open.set(e.client, cycle);
      cycles.push(cycle);
    }
    cycle.end = e.time;
    if (e.status >= 400) cycle.errors++;
    if (READS.test(e.operation)) cycle.reads++;
    else cycle.changes.push(e);
  }
  return cycles.reverse();
}
