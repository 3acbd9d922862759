/** Benchmark sizes per mode, and the report: a Markdown table on stdout and a JSON file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export interface Sizes {
  mode: 'quick' | 'full';
  durationS: number;
  cycleUsers: number;
  users: number;
  groupMembers: number;
  groupIterations: number;
  memoryRequests: number;
  backupMb: number;
  /** Traffic logs the console is measured over; the first also gets a live burst. */
  uiEntries: number[];
}

export const SIZES: Record<Sizes['mode'], Sizes> = {
  quick: {
    mode: 'quick',
    durationS: 4,
    cycleUsers: 600,
    users: 20_000,
    groupMembers: 50_000,
    groupIterations: 1000,
    memoryRequests: 20_000,
    backupMb: 50,
    uiEntries: [100_000, 1_000_000],
  },
  full: {
    mode: 'full',
    durationS: 10,
    cycleUsers: 5_000,
    users: 100_000,
    groupMembers: 50_000,
    groupIterations: 1000,
    memoryRequests: 100_000,
    backupMb: 200,
    uiEntries: [100_000, 1_000_000],
  },
};

export interface Row {
  workload: string;
  metric: string;
  value: string;
  /** Measured ÷ `against`, with the target it must reach (or stay under, when `atMost`). */
  ratio?: number;
  against?: string;
  target?: number;
  atMost?: boolean;
  /** A latency or duration limit, in ms. */
  limitMs?: number;
  measuredMs?: number;
}

export function verdict(row: Row): string {
  if (row.ratio !== undefined && row.target !== undefined) {
    const met = row.atMost ? row.ratio <= row.target : row.ratio >= row.target;
    return `${met ? 'met' : '**not met**'} (${row.atMost ? '≤' : '≥'} ${row.target}×)`;
  }
  if (row.limitMs !== undefined && row.measuredMs !== undefined)
    return `${row.measuredMs < row.limitMs ? 'met' : '**not met**'} (< ${row.limitMs >= 1000 ? `${row.limitMs / 1000} s` : `${row.limitMs} ms`})`;
  return '';
}

export function table(rows: Row[]): string {
  const lines = ['| workload | metric | measured | ratio | target |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows)
    lines.push(
      `| ${row.workload} | ${row.metric} | ${row.value} | ${row.ratio !== undefined ? `${row.ratio.toFixed(2)}× ${row.against}` : ''} | ${verdict(row)} |`,
    );
  return lines.join('\n');
}

export function writeResults(rows: Row[], sizes: Sizes, extra: Record<string, unknown>): string {
  mkdirSync('.bench', { recursive: true });
  const file = `.bench/results-${sizes.mode}.json`;
  writeFileSync(
    file,
    JSON.stringify(
      {
        time: new Date().toISOString(),
        mode: sizes.mode,
        machine: {
          cpus: os.cpus().length,
          cpu: os.cpus()[0]?.model,
          memGb: Math.round(os.totalmem() / 2 ** 30),
          node: process.version,
        },
        ...extra,
        rows: rows.map((r) => ({ ...r, verdict: verdict(r) })),
      },
      null,
      2,
    ),
  );
  return file;
}
