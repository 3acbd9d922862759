/**
 * The traffic list as the whole log, newest first. A list is pinned at `base`, the log's newest id
 * when its first page was read: rows up to it are addressed by their position (a page anywhere is
 * `offset` entries down from `base`, so it never shifts), and what arrives later is fetched into
 * `fresh` above them (state/live-events.ts). Its length is the statistics' total up to
 * `statsThrough` plus what came after: the list and the statistics count the same entries.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { BenchApi } from '../../../../shared/api';
import type { TrafficFilter, TrafficStats, TrafficSummary } from '../../../../shared/types';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { engineFilter } from '../../state/traffic-url';
import { useUi } from '../../state/ui-store';

export const PAGE_SIZE = 200;

export interface TrafficHead {
  /** The log's newest id when the first page was read. */
  base: number;
  /** The newest matching entries up to `base`. */
  first: TrafficSummary[];
  /** Matching entries newer than `base`, newest first, added as they arrive. */
  fresh: TrafficSummary[];
  /** The newest id looked at; anything after it is new. */
  newestId: number;
  /** The statistics shown are of the entries up to this id. */
  statsThrough: number;
  /** When it was read: a rolling time window's statistics are read again with it (0 without one). */
  readAt: number;
}

/**
 * The newest page of a list, as a query: `gcTime: 0`, so a filter chosen again starts fresh; a
 * rolling time window is read again every 15 s, so what ages out of it leaves the list.
 */
export const headQuery = (bench: BenchApi, filter: TrafficFilter) => ({
  queryKey: queryKeys.traffic(filter),
  queryFn: async (): Promise<TrafficHead> => {
    const page = await bench.traffic.list({ ...filter, limit: PAGE_SIZE });
    const base = page.newestId;
    const readAt = filter.lastMinutes ? Date.now() : 0;
    return { base, first: page.entries, fresh: [], newestId: base, statsThrough: base, readAt };
  },
  gcTime: 0,
  refetchInterval: filter.lastMinutes ? 15_000 : (false as const),
});

/** The filter the engine is asked for, for what the user chose (stable while the choice is). */
export function useEngineFilter(): TrafficFilter {
  const filter = useUi((s) => s.filter);
  const showConsole = useUi((s) => s.showConsole);
  return useMemo(() => engineFilter({ filter, showConsole }), [filter, showConsole]);
}

export function useTrafficHead(filter: TrafficFilter) {
  return useQuery(headQuery(useBench(), filter));
}

export type PinnedStats = TrafficStats & { through: number };

/**
 * Statistics of the list `head` shows: up to its `statsThrough`, and (a rolling window) as of when
 * it was read. The previous figures stay while new ones load.
 */
export function useTrafficStats(filter: TrafficFilter, head: TrafficHead | undefined) {
  const bench = useBench();
  const key = JSON.stringify(filter);
  const through = head?.statsThrough;
  return useQuery({
    queryKey: queryKeys.stats(filter, through, head?.readAt),
    queryFn: async (): Promise<PinnedStats> => ({
      ...(await bench.traffic.stats({ ...filter, before: through! + 1 })),
      through: through!,
    }),
    enabled: through !== undefined,
    // Figures for the same filter a moment ago, never another filter's.
    placeholderData: (previous, query) => (query && JSON.stringify(query.queryKey[1]) === key ? previous : undefined),
  });
}

/** How many rows the list has: the statistics' count, and what arrived after them. */
export function listLength(head: TrafficHead, stats: PinnedStats | undefined): number {
  const known = head.first.length + head.fresh.length;
  if (!stats) return known;
  return Math.max(known, stats.total + head.fresh.filter((e) => e.id > stats.through).length);
}

/** The rows `from`…`to` need: the pages holding them are fetched; a row not loaded yet is undefined. */
export function useTrafficRows(filter: TrafficFilter, head: TrafficHead | undefined, from: number, to: number) {
  const bench = useBench();
  const fresh = head?.fresh.length ?? 0;
  const pages: number[] = [];
  if (head)
    for (let p = Math.max(1, Math.floor((from - fresh) / PAGE_SIZE)); p <= Math.floor((to - fresh) / PAGE_SIZE); p++)
      pages.push(p);
  const results = useQueries({
    queries: pages.map((page) => ({
      queryKey: queryKeys.trafficPage(filter, head!.base, page),
      queryFn: () =>
        bench.traffic.list({ ...filter, before: head!.base + 1, offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
      staleTime: Infinity,
      gcTime: 30_000,
    })),
  });
  return (index: number): TrafficSummary | undefined => {
    if (!head) return undefined;
    if (index < fresh) return head.fresh[index];
    const k = index - fresh;
    const page = Math.floor(k / PAGE_SIZE);
    if (page === 0) return head.first[k];
    return results[pages.indexOf(page)]?.data?.entries[k % PAGE_SIZE];
  };
}
