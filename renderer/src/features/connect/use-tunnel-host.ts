import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { parseTunnelHost } from '../../../../shared/tunnel-host';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';

/**
 * The tunnel host Connect builds its addresses from: the one saved in Settings (so it survives a
 * reload and a restart), re-checked here — a hand-edited settings.json is not trusted to hold a host.
 */
export function useTunnelHost() {
  const bench = useBench();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: () => bench.settings.get() });
  const save = useMutation({
    mutationFn: (tunnelHost: string | null) => bench.settings.update({ tunnelHost }),
    onSuccess: (next) => client.setQueryData(queryKeys.settings, next),
  });
  const saved = settings.data?.tunnelHost ?? null;
  const parsed = saved === null ? null : parseTunnelHost(saved);
  return {
    loaded: settings.data !== undefined,
    saved,
    /** The saved host when it is one, else null. */
    host: parsed && 'host' in parsed ? parsed.host : null,
    warning: parsed && 'host' in parsed ? parsed.warning : null,
    save,
  };
}
