/**
 * 9b. What the Faults screen's summary costs over a large faulted log. It runs on the engine's main
 * thread (the one that answers SCIM), and the console reads it again at most every few seconds while
 * the screen is open: so it must stay short however much was faulted. Two logs of 50,000 faulted
 * entries in a real traffic.db — episodes of three attempts (429, 429, 201: a client that recovers),
 * and 50,000 one-attempt episodes (a client that gives up on each: the most episodes to group) —
 * read over the whole log and the last hour, median of 5.
 */
import path from 'node:path';
import type { FaultMark } from '../../shared/faults';
import { faultSummary } from '../../app/faults/fault-summary';
import { TrafficStore, type NewTrafficEntry } from '../../app/store/traffic-store';
import type { Row } from './report';
import { tempData } from './workloads';

const ENTRIES = 50_000;
const RUNS = 5;
const LIMIT_MS = 500;

const THROTTLED: FaultMark = {
  ruleId: 'busy-app-throttle',
  ruleName: 'Throttle like a busy app',
  action: 'throttle',
  did: 'answered 429 Too Many Requests with Retry-After: 30',
  applied: false,
  retryAfterSeconds: 30,
};

function faultedLog(attemptsPerEpisode: number): TrafficStore {
  const store = new TrafficStore(path.join(tempData(), 'traffic.db'));
  const started = Date.now() - 2 * 3600_000; // the newest half within the last hour
  for (let from = 0; from < ENTRIES; from += 5000) {
    const batch: NewTrafficEntry[] = [];
    for (let i = from; i < from + 5000; i++) {
      const attempt = (i % attemptsPerEpisode) + 1;
      const recovered = attemptsPerEpisode > 1 && attempt === attemptsPerEpisode;
      batch.push({
        time: new Date(started + i * 144).toISOString(),
        client: 'entra',
        method: 'POST',
        path: '/scim/v2/Users',
        query: '',
        status: recovered ? 201 : 429,
        authenticated: true,
        deviations: 0,
        durationMs: 1,
        operation: 'create-user',
        resourceType: 'User',
        resourceId: null,
        sentence: `Entra asked to create user user${Math.floor(i / attemptsPerEpisode)}@contoso.com`,
        requestHeaders: {},
        requestBody: null,
        responseHeaders: {},
        responseBody: null,
        notes: [],
        before: null,
        after: null,
        members: null,
        fault: recovered ? null : THROTTLED,
        reaction: {
          episode: `episode-${Math.floor(i / attemptsPerEpisode)}`,
          attempt,
          sincePreviousMs: attempt === 1 ? null : 30_000 + (i % 997),
          honoured: attempt === 1 ? null : true,
          subject: `user${Math.floor(i / attemptsPerEpisode)}@contoso.com`,
        },
      });
    }
    store.insertMany(batch);
  }
  return store;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function faultSummaryWorkload(): Row[] {
  const rows: Row[] = [];
  for (const [attempts, what] of [
    [3, 'episodes of 3 attempts'],
    [1, 'one-attempt episodes'],
  ] as const) {
    const store = faultedLog(attempts);
    try {
      for (const [lastMinutes, range] of [
        [undefined, 'whole log'],
        [60, 'last hour'],
      ] as const) {
        const times: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          const started = performance.now();
          faultSummary(store.db, { endpoint: 'default', lastMinutes, paused: false });
          times.push(performance.now() - started);
        }
        const ms = median(times);
        rows.push({
          workload: '9b. fault summary',
          metric: `50,000 faulted entries, ${what}, ${range}`,
          value: `${ms.toFixed(0)} ms`,
          measuredMs: ms,
          limitMs: LIMIT_MS,
        });
      }
    } finally {
      store.close();
    }
  }
  return rows;
}
