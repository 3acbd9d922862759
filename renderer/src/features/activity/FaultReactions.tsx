import { useQuery } from '@tanstack/react-query';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { useSelectedEndpoint } from '../endpoints/use-endpoints';
import { useUi } from '../../state/ui-store';

const DAY = 1440;

/** Activity's account of faults: how the client reacted to each, in sentences (shown only when there are any). */
export function FaultReactions() {
  const bench = useBench();
  const endpoint = useSelectedEndpoint();
  const id = endpoint?.id ?? 'default';
  const summary = useQuery({
    queryKey: queryKeys.faultSummary(id, DAY),
    queryFn: () => bench.faults.summary(id, DAY),
  });
  const episodes = summary.data?.episodes ?? [];
  if (!episodes.length) return null;
  return (
    <section className="cycle fault-reactions" aria-labelledby="fault-reactions-title">
      <h2 id="fault-reactions-title">
        How the client reacted to faults on {endpoint?.name ?? 'default'} (last 24 hours)
      </h2>
      <ul>
        {episodes.slice(0, 10).map((e) => (
          <li key={e.id}>{e.sentence}</li>
        ))}
      </ul>
      <p className="muted">
        {summary.data!.injected} faults injected, {summary.data!.retries} retries seen.{' '}
        <button type="button" className="link" onClick={() => useUi.getState().go('faults')}>
          All of it on the Faults screen
        </button>
      </p>
    </section>
  );
}
