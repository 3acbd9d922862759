/**
 * Engine events → React Query cache. An event only says that something arrived: the open list
 * then asks the engine for what matches its filter after the newest id it has seen (so nothing is
 * dropped, and no filter is evaluated twice), and adds it above its pinned rows. While paused it
 * only counts what arrived; Resume fetches it. Statistics follow at most every 3 s (longer when
 * they are slow to compute: they scan the log on the engine's thread). Backup status replaces the
 * cached status; a change of endpoints reads their list again.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { BenchApi } from '../../../shared/api';
import type { BackupStatus, TrafficSummary } from '../../../shared/types';
import { queryKeys } from '../api/query-keys';
import type { TrafficHead } from '../features/traffic/use-traffic';
import { engineFilter } from './traffic-url';
import { useUi } from './ui-store';

/** More arriving at once than this (a long pause, a big burst): the list is read again instead. */
export const CATCH_UP_LIMIT = 2000;
const STATS_EVERY_MS = 3000;

export function connectLiveEvents(bench: BenchApi, client: QueryClient): () => void {
  const current = () => {
    const filter = engineFilter(useUi.getState());
    const key = queryKeys.traffic(filter);
    return { filter, key, head: client.getQueryData<TrafficHead>(key) };
  };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  /** Runs `task` once, `delay()` ms after the first request for it; never two at a time. */
  const coalesced = (task: () => Promise<void>, delay: () => number) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running = false;
    let again = false;
    const run = async () => {
      running = true;
      try {
        await task();
      } catch {
        // Not reachable now: the next event, or Resume, tries again.
      } finally {
        running = false;
        if (again) schedule();
      }
    };
    const schedule = () => {
      again = running;
      if (running || timer) return;
      timer = setTimeout(() => {
        timers.delete(timer!);
        timer = null;
        void run();
      }, delay());
      timers.add(timer);
    };
    return schedule;
  };

  const catchUp = coalesced(
    async () => {
      const { filter, key, head } = current();
      if (!head) return;
      const arrived: TrafficSummary[] = [];
      let newestId = head.newestId;
      for (let before: number | undefined; ;) {
        const page = await bench.traffic.list({
          ...filter,
          after: head.newestId,
          limit: 500,
          ...(before && { before }),
        });
        if (before === undefined) newestId = page.newestId;
        arrived.push(...page.entries);
        if (!page.nextCursor || arrived.length > CATCH_UP_LIMIT || newestId < head.newestId) break;
        before = page.nextCursor;
      }
      const now = client.getQueryData<TrafficHead>(key);
      if (!now || now.base !== head.base || now.newestId !== head.newestId) return; // read again meanwhile
      // Too much to add, or the log was cleared (ids start again): read the list again.
      if (arrived.length > CATCH_UP_LIMIT || newestId < head.newestId)
        return void (await client.invalidateQueries({ queryKey: key, exact: true }));
      client.setQueryData<TrafficHead>(key, { ...now, fresh: [...arrived, ...now.fresh], newestId });
    },
    () => 100,
  );

  const countWhilePaused = coalesced(
    async () => {
      const { filter, head } = current();
      if (!head || !useUi.getState().paused) return;
      const { total } = await bench.traffic.stats({ ...filter, after: head.newestId });
      if (useUi.getState().paused) useUi.setState({ newWhilePaused: total });
    },
    () => 300,
  );

  let statsMs = 0;
  const refreshStats = coalesced(
    async () => {
      const { filter, key, head } = current();
      const started = performance.now();
      // Paused, the list's figures stay with its rows; the other screens still follow.
      if (head && head.statsThrough !== head.newestId && !useUi.getState().paused) {
        const through = head.newestId;
        const stats = await bench.traffic.stats({ ...filter, before: through + 1 });
        // The figures and the id they count up to change together: the list's length stays exact.
        client.setQueryData(queryKeys.stats(filter, through, head.readAt), { ...stats, through });
        const now = client.getQueryData<TrafficHead>(key);
        if (now?.base === head.base) client.setQueryData<TrafficHead>(key, { ...now, statsThrough: through });
      }
      // What other screens derive from traffic (Activity's cycles, Connect's latest request): not
      // the lists and their figures, which follow by themselves.
      await client.invalidateQueries({
        predicate: ({ queryKey: [root, kind] }) =>
          root === queryKeys.trafficLists[0]
            ? kind !== 'head' && kind !== 'page'
            : root === queryKeys.allStats[0] && typeof kind === 'string',
      });
      statsMs = performance.now() - started;
    },
    () => Math.max(STATS_EVERY_MS, 5 * statsMs),
  );

  const unsubscribe = bench.subscribe((event) => {
    if (event.type === 'endpoints:changed') {
      // Another tab, the tray or the endpoints file changed one: names, counts and tokens are read again.
      void client.invalidateQueries({ queryKey: queryKeys.endpoints });
      void client.invalidateQueries({ queryKey: queryKeys.settings }); // the faults switch is announced the same way
      return;
    }
    if (event.type === 'backup:status') {
      client.setQueryData<BackupStatus>(queryKeys.backup, event.payload);
      void client.invalidateQueries({ queryKey: queryKeys.backupGenerations });
      return;
    }
    // traffic:new, or traffic:resync (live entries were skipped for a slow reader): catching up by
    // id finds everything either way.
    refreshStats();
    if (useUi.getState().paused) return countWhilePaused();
    catchUp();
  });
  // Resume: fetch what arrived during the pause, and the statistics with it.
  const unwatch = useUi.subscribe((state, previous) => {
    if (previous.paused && !state.paused) {
      catchUp();
      refreshStats();
    }
  });
  return () => {
    for (const timer of timers) clearTimeout(timer);
    unsubscribe();
    unwatch();
  };
}
