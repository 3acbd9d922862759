/**
 * Engine events → React Query cache. Unfiltered, new traffic is prepended to the first cached page
 * (no refetch storm under a burst); with filters active, the list is refetched at most once a
 * second. Backup status replaces the cached status.
 */
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { BenchApi } from '../../../shared/api';
import type { BackupStatus, TrafficPage } from '../../../shared/types';
import { queryKeys } from '../api/query-keys';
import { hasFilter, useUi } from './ui-store';

/** Rows kept in the live first page; older ones are a scroll (a page fetch) away. */
export const LIVE_LIMIT = 2000;

export function connectLiveEvents(bench: BenchApi, client: QueryClient): () => void {
  let refetchTimer: ReturnType<typeof setTimeout> | null = null;
  let statsTimer: ReturnType<typeof setTimeout> | null = null;
  // Statistics scan the whole log: refreshed at most every 3 s, whatever the request rate.
  const statsSoon = () => {
    statsTimer ??= setTimeout(() => {
      statsTimer = null;
      void client.invalidateQueries({ queryKey: queryKeys.allStats });
    }, 3000);
  };
  const refetchSoon = () => {
    refetchTimer ??= setTimeout(() => {
      refetchTimer = null;
      void client.invalidateQueries({ queryKey: queryKeys.trafficLists });
    }, 1000);
  };
  const unsubscribe = bench.subscribe((event) => {
    const { paused, filter } = useUi.getState();
    if (event.type === 'backup:status') {
      client.setQueryData<BackupStatus>(queryKeys.backup, event.payload);
      void client.invalidateQueries({ queryKey: queryKeys.backupGenerations });
      return;
    }
    statsSoon();
    if (paused) return;
    if (event.type === 'traffic:resync' || hasFilter(filter)) return refetchSoon();
    client.setQueryData<InfiniteData<TrafficPage, number | undefined>>(queryKeys.traffic(filter), (data) => {
      if (!data) return data;
      const [first, ...rest] = data.pages;
      const fresh = [...event.payload.entries].reverse();
      const entries = [...fresh, ...(first?.entries ?? [])].slice(0, LIVE_LIMIT);
      return { ...data, pages: [{ entries, nextCursor: first?.nextCursor ?? null, newestId: first?.newestId ?? 0 }, ...rest] };
    });
  });
  return () => {
    if (refetchTimer) clearTimeout(refetchTimer);
    if (statsTimer) clearTimeout(statsTimer);
    unsubscribe();
  };
}
