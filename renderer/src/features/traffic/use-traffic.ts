/** The traffic list for the current filter: cursor pages, newest first, kept live by engine events. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { useUi } from '../../state/ui-store';

export const PAGE_SIZE = 200;

export function useTraffic() {
  const bench = useBench();
  const filter = useUi((s) => s.filter);
  const query = useInfiniteQuery({
    queryKey: queryKeys.traffic(filter),
    queryFn: ({ pageParam }) =>
      bench.traffic.list({ ...filter, limit: PAGE_SIZE, ...(pageParam ? { before: pageParam } : {}) }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];
  return { ...query, entries };
}
