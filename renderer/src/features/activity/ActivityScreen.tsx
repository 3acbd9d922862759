import { useInfiniteQuery } from '@tanstack/react-query';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Onboarding } from '../../components/Onboarding';
import { CycleCard } from './CycleCard';
import { FaultReactions } from './FaultReactions';
import './activity.css';

const PAGE = 20;

/** The human timeline: every provisioning cycle in the log, newest first, each told in a few sentences. */
export function ActivityScreen() {
  const bench = useBench();
  const cycles = useInfiniteQuery({
    queryKey: queryKeys.activityCycles,
    queryFn: ({ pageParam }) => bench.activity.cycles({ ...(pageParam ? { before: pageParam } : {}), limit: PAGE }),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (cycles.error) return <ErrorMessage error={cycles.error} what="read the activity" />;
  if (!cycles.data) return <p className="empty">Reading the traffic log…</p>;
  const shown = cycles.data.pages.flatMap((p) => p.cycles);
  const total = cycles.data.pages[0]?.total ?? 0;
  if (total === 0)
    return (
      <>
        <FaultReactions />
        <Onboarding what="No provisioning cycles yet." />
      </>
    );
  // The newest cycle of each client is told in full; older ones open on request.
  const newestOfClient = new Map<string, number>();
  for (const c of shown) if (!newestOfClient.has(c.client)) newestOfClient.set(c.client, c.id);
  const newest = new Set(newestOfClient.values());
  return (
    <section className="activity" aria-label="Activity">
      <FaultReactions />
      {shown.map((c) => (
        <CycleCard key={c.id} cycle={c} openAtFirst={newest.has(c.id)} />
      ))}
      <p className="muted">
        {shown.length === total
          ? `${total.toLocaleString('en')} ${total === 1 ? 'cycle' : 'cycles'}, the whole log.`
          : `Showing ${shown.length.toLocaleString('en')} of ${total.toLocaleString('en')} cycles.`}{' '}
        {cycles.hasNextPage && (
          <button type="button" onClick={() => void cycles.fetchNextPage()} disabled={cycles.isFetchingNextPage}>
            Show older cycles
          </button>
        )}
      </p>
    </section>
  );
}
