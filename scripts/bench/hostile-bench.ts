/**
 * 6. Hostile input (issue 11): what the attacks that once took the bench down cost now, measured
 * on the real `serve` process — its memory, its traffic database on disk, and how long one heavy
 * request holds everyone else.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { FILTER_BUDGET, FILTER_COSTS, SCAN_BUDGET } from '../../app/store/filter-sql';
import { percentile } from './load';
import type { Row, Sizes } from './report';
import { seed } from './seed';
import { BENCH_TOKEN, startBench, type BenchServer } from './servers';
import { tempData } from './workloads';

const AUTH = { Authorization: `Bearer ${BENCH_TOKEN}`, 'Content-Type': 'application/scim+json' };
const WRONG = { Authorization: 'Bearer a-wrong-token-of-some-length', 'Content-Type': 'application/json' };
const W = '6. hostile input';

async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

const filterOf = (filter: string) => `filter=${encodeURIComponent(filter)}`;
const drain = async (response: Response) => (await response.arrayBuffer(), response.status);

/** Peak RSS of the server above its RSS before `work`, in MB. */
async function peakMb(server: BenchServer, work: () => Promise<void>): Promise<number> {
  const before = server.rssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, server.rssMb())), 10);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, server.rssMb()) - before;
}

const trafficBytes = (dataDir: string) =>
  ['traffic.db', 'traffic.db-wal'].reduce((n, f) => {
    try {
      return n + statSync(path.join(dataDir, f)).size;
    } catch {
      return n;
    }
  }, 0);

/**
 * The heaviest filters the budgets admit, each timed, and a plain lookup's p99 meanwhile. A filter
 * no index narrows may cost SCAN_BUDGET / rows per row, so the shapes are sized to this table.
 */
async function worstFilters(server: BenchServer, users: number): Promise<Row[]> {
  const chain = (n: number, term: (i: number) => string) => Array.from({ length: n }, (_, i) => term(i)).join(' or ');
  const perRow = Math.min(FILTER_BUDGET, Math.floor(SCAN_BUDGET / users));
  const co = Math.max(1, Math.floor(perRow / FILTER_COSTS.substring));
  const mvCost = FILTER_COSTS.multiValued - FILTER_COSTS.scalar + FILTER_COSTS.substring; // a sub-query and a co in it
  const mvCo = Math.max(1, Math.floor(perRow / mvCost));
  const shapes: Record<string, string> = {
    [`title co ×${co} (cost ${co * FILTER_COSTS.substring})`]: filterOf(chain(co, (i) => `title co "x${i}9"`)),
    [`emails.value co ×${mvCo} (cost ${mvCo * mvCost})`]: filterOf(chain(mvCo, (i) => `emails.value co "user${i}9"`)),
    'userName eq ×50 (cost 50, index seeks)': filterOf(chain(50, (i) => `userName eq "user${i}@contoso.com"`)),
    [`sortBy=emails.value (cost ${FILTER_COSTS.multiValued})`]: 'sortBy=emails.value',
  };
  const rows: Row[] = [];
  for (const [name, query] of Object.entries(shapes)) {
    const url = `${server.scimUrl}/Users?count=10&${query}`;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const status = await drain(await fetch(url, { headers: AUTH }));
      if (status !== 200) throw new Error(`${name}: ${status}`);
      times.push(performance.now() - t);
    }
    rows.push({
      workload: W,
      metric: `worst listing within the budgets, among ${users.toLocaleString('en')} users: ${name}`,
      value: `median ${percentile(times, 0.5).toFixed(0)} ms`,
    });
  }
  // While the heaviest shape runs in a loop, how long does a plain lookup wait?
  const heavy = `${server.scimUrl}/Users?count=10&${Object.values(shapes)[1]!}`;
  let running = true;
  const loop = (async () => {
    while (running) await drain(await fetch(heavy, { headers: AUTH }));
  })();
  const waits: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    await drain(
      await fetch(`${server.scimUrl}/Users?filter=${encodeURIComponent(`userName eq "user${i}@contoso.com"`)}`, {
        headers: AUTH,
      }),
    );
    waits.push(performance.now() - t);
  }
  running = false;
  await loop;
  rows.push({
    workload: W,
    metric: 'plain lookup while the worst filter runs in a loop',
    value: `p50 ${percentile(waits, 0.5).toFixed(0)} ms · p99 ${percentile(waits, 0.99).toFixed(0)} ms`,
  });
  const over = await fetch(
    `${server.scimUrl}/Users?filter=${encodeURIComponent(chain(140, (i) => `groups.value eq "g${i}"`))}`,
    {
      headers: AUTH,
    },
  );
  const past = await fetch(
    `${server.scimUrl}/Users?count=10&filter=${encodeURIComponent(chain(12, (i) => `title co "x${i}9"`))}`,
    {
      headers: AUTH,
    },
  );
  rows.push({
    workload: W,
    metric: `past the scan budget among ${users.toLocaleString('en')}: title co ×12 (cost 48)`,
    value: `${await drain(past)}, refused at once`,
  });
  rows.push({
    workload: W,
    metric: '8 KB groups.value chain (was 27.5 s among 5,000)',
    value: `${await drain(over)}, refused at once`,
  });
  return rows;
}

/** Floods before authentication: memory and disk they cost, and how many failures are answered at once. */
async function floods(server: BenchServer, dataDir: string): Promise<Row[]> {
  const bomb = brotliCompressSync(Buffer.alloc(10 * 1024 * 1024, ' '));
  const bombs = await peakMb(server, () =>
    pool(150, 50, async () => {
      await drain(
        await fetch(`${server.scimUrl}/Users`, {
          method: 'POST',
          headers: { ...WRONG, 'Content-Encoding': 'br' },
          body: new Uint8Array(bomb),
        }),
      );
    }),
  );
  const before = trafficBytes(dataDir);
  const big = JSON.stringify({ userName: 'x', pad: 'p'.repeat(1024 * 1024) });
  await pool(200, 60, async () => {
    await drain(await fetch(`${server.scimUrl}/Users`, { method: 'POST', headers: WRONG, body: big }));
  });
  await new Promise((r) => setTimeout(r, 500)); // the writer thread's last batch
  const grown = (trafficBytes(dataDir) - before) / 2 ** 20;

  const started = performance.now();
  let atOnce = 0;
  let total = 0;
  const deadline = started + 5000;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const status = await drain(await fetch(`${server.scimUrl}/Users`, { headers: WRONG }));
        total++;
        if (status === 401 && performance.now() - t < 500) atOnce++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return [
    {
      workload: W,
      metric: `150 unauthenticated brotli bombs (${bomb.length} B → 10 MB each)`,
      value: `server RSS +${bombs.toFixed(0)} MB at peak (was 140 MB → 3 GB)`,
    },
    {
      workload: W,
      metric: '200 unauthenticated 1 MB uploads',
      value: `traffic.db +${grown.toFixed(1)} MB (was +486 MB)`,
    },
    {
      workload: W,
      metric: 'wrong bearer tokens, 100 at a time for 5 s',
      value: `${(total / seconds).toFixed(0)} answered/s, ${(atOnce / seconds).toFixed(1)}/s at once (was ~2,700/s at once)`,
    },
  ];
}

export async function hostileWorkload(sizes: Sizes): Promise<Row[]> {
  const dataDir = tempData();
  seed(dataDir, sizes.users);
  const server = await startBench(dataDir);
  try {
    return [...(await worstFilters(server, sizes.users)), ...(await floods(server, dataDir))];
  } finally {
    await server.stop();
  }
}
