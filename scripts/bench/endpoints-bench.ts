/**
 * 8. Endpoints: what isolation by an `endpoint` column costs a lookup. The same 100,000 users as
 * 10 endpoints × 10,000 and as 1 endpoint × 100,000, looked up through ResourceStore (the filter
 * compiled and run as a request runs it, without HTTP, so the store's part is what is measured):
 * `userName eq` and the batched form (20 names or'ed, compiled to one IN). Rounds alternate
 * between the two layouts so machine noise falls on both; the median round is reported.
 */
import path from 'node:path';
import { DEFAULT_ENDPOINT_ID } from '../../shared/endpoints';
import { parseFilter } from '../../app/scim/filter-parser';
import { USER_SCHEMA } from '../../app/scim/schemas';
import { openDatabase, type Db } from '../../app/store/database';
import { EndpointStore } from '../../app/store/endpoint-store';
import { BENCH_MIGRATIONS } from '../../app/store/migrations';
import type { ResourceStore } from '../../app/store/resource-store';
import type { Row } from './report';
import { tempData } from './workloads';

const TOTAL = 100_000;
const ROUNDS = 7;
const SINGLE_PER_ROUND = 5_000;
const BATCH_PER_ROUND = 500;
const BATCH = 20;

interface Layout {
  db: Db;
  /** The stores looked up in, one per endpoint. */
  stores: ResourceStore[];
  perEndpoint: number;
}

function layout(endpoints: number): Layout {
  const db = openDatabase(path.join(tempData(), 'bench.db'), { migrations: BENCH_MIGRATIONS });
  const registry = new EndpointStore(db);
  const ids = [DEFAULT_ENDPOINT_ID];
  for (let i = 1; i < endpoints; i++) ids.push(registry.create({ name: `endpoint-${i}` }).id);
  const stores = ids.map((id) => registry.resources(id));
  const perEndpoint = TOTAL / endpoints;
  db.transaction(() => {
    for (const store of stores)
      for (let i = 0; i < perEndpoint; i++)
        store.create('User', {
          schemas: [USER_SCHEMA],
          userName: `user${i}@contoso.com`,
          externalId: `ext-${i}`,
          active: true,
          emails: [{ value: `user${i}@contoso.com`, type: 'work', primary: true }],
        });
  })();
  return { db, stores, perEndpoint };
}

/** Lookups per second for `n` lookups of `filterOf(random user)` spread over the layout's endpoints. */
function measure(l: Layout, n: number, filterOf: (user: () => number) => string): number {
  const user = () => Math.floor(Math.random() * l.perEndpoint);
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const store = l.stores[i % l.stores.length]!;
    const found = store.query('User', { filter: parseFilter(filterOf(user)), startIndex: 1, count: 100 });
    if (!found.total) throw new Error('a lookup found nobody: the bench is measuring nothing');
  }
  return n / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const single = (user: () => number) => `userName eq "user${user()}@contoso.com"`;
const batched = (user: () => number) =>
  Array.from({ length: BATCH }, () => `userName eq "user${user()}@contoso.com"`).join(' or ');

export async function endpointsWorkload(): Promise<Row[]> {
  const one = layout(1);
  const ten = layout(10);
  try {
    const results = {
      single: { one: [] as number[], ten: [] as number[] },
      batched: { one: [] as number[], ten: [] as number[] },
    };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which layout goes first, so warming and drift do not favour one.
      const order: ['one' | 'ten', Layout][] =
        round % 2
          ? [
              ['ten', ten],
              ['one', one],
            ]
          : [
              ['one', one],
              ['ten', ten],
            ];
      for (const [name, l] of order) {
        results.single[name].push(measure(l, SINGLE_PER_ROUND, single));
        results.batched[name].push(measure(l, BATCH_PER_ROUND, batched));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const row = (metric: string, r: { one: number[]; ten: number[] }, unit: string): Row => {
      const a = median(r.one);
      const b = median(r.ten);
      return {
        workload: '8. endpoints (store)',
        metric,
        value: `10 × 10,000: ${b.toFixed(0)} ${unit}/s · 1 × 100,000: ${a.toFixed(0)} ${unit}/s`,
        ratio: b / a,
        against: '1 endpoint',
        target: 0.9,
      };
    };
    return [
      row('userName eq', results.single, 'lookups'),
      row(`batched userName eq (${BATCH} names)`, results.batched, 'batches'),
    ];
  } finally {
    one.db.close();
    ten.db.close();
  }
}
