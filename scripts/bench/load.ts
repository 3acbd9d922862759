/** Load generation: autocannon for throughput, and a small timed client for dependent sequences. */
import autocannon from 'autocannon';

export interface Throughput {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface BlastOptions {
  url: string;
  method?: 'GET' | 'POST' | 'PATCH';
  headers?: Record<string, string>;
  /** Builds each request (unique userNames, random lookups). */
  next?: () => { path?: string; body?: string };
  connections?: number;
  durationS: number;
}

/** Requests as fast as the server takes them for `durationS`; latency percentiles in ms. */
export async function blast(options: BlastOptions): Promise<Throughput> {
  const url = new URL(options.url);
  const result = await autocannon({
    url: url.origin,
    connections: options.connections ?? 16,
    duration: options.durationS,
    requests: [
      {
        method: options.method ?? 'GET',
        path: url.pathname + url.search,
        headers: options.headers ?? {},
        setupRequest: (request) => {
          const next = options.next?.() ?? {};
          return {
            ...request,
            ...(next.path ? { path: next.path } : {}),
            ...(next.body !== undefined ? { body: next.body } : {}),
          };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;
}

export interface Timings {
  count: number;
  rps: number;
  p50: number;
  p99: number;
}

/** Runs `fn(i)` for i < n with `concurrency` workers; per-call latency in ms, per label. */
export async function timed(
  n: number,
  concurrency: number,
  fn: (i: number, time: <T>(label: string, work: () => Promise<T>) => Promise<T>) => Promise<void>,
): Promise<Record<string, Timings>> {
  const samples: Record<string, number[]> = {};
  const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await work();
    (samples[label] ??= []).push(performance.now() - started);
    return value;
  };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++, time);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return Object.fromEntries(
    Object.entries(samples).map(([label, values]) => [
      label,
      {
        count: values.length,
        rps: values.length / seconds,
        p50: percentile(values, 0.5),
        p99: percentile(values, 0.99),
      },
    ]),
  );
}
