/**
 * Engine events → React Query cache. New traffic is prepended to the cached first page (no
 * refetch storm under a burst); backup status replaces the cached status.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { BenchApi } from '../../../shared/api';
import type { BackupStatus, TrafficPage } from '../../../shared/types';

/** Rows kept in memory for the live view; older ones stay in the store, a page away. */
export const LIVE_LIMIT = 2000;

export function connectLiveEvents(bench: BenchApi, client: QueryClient, isPaused: () => boolean): () => void {
  return bench.subscribe((event) => {
    if (event.type === 'backup:status') {
      client.setQueryData<BackupStatus>(['backup'], event.payload);
    } else if (event.type === 'traffic:resync') {
      if (!isPaused()) void client.invalidateQueries({ queryKey: ['traffic'] });
    } else if (!isPaused()) {
      client.setQueryData<TrafficPage>(['traffic'], (page) => {
        const fresh = [...event.payload.entries].reverse();
        const entries = [...fresh, ...(page?.entries ?? [])].slice(0, LIVE_LIMIT);
        return { entries, nextCursor: page?.nextCursor ?? null };
      });
    }
  });
}
