import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { TrafficSummary } from '../../../../shared/types';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { TrafficLink } from '../directory/traffic-link';
import { endpointParam } from '../endpoints/use-endpoints';

/** Step 4: what to click in Entra, then "waiting for Entra's first request…" until one arrives. */
export function FirstCycle({ endpoint }: { endpoint: string }) {
  const bench = useBench();
  const client = useQueryClient();
  const only = { client: 'entra' as const, endpoint: endpointParam(endpoint) };
  const latest = useQuery({
    queryKey: queryKeys.latestFromEntra(endpoint),
    queryFn: async () => (await bench.traffic.list({ ...only, limit: 1 })).entries[0] ?? null,
  });
  useEffect(
    () =>
      bench.subscribe((event) => {
        if (event.type === 'traffic:resync')
          void client.invalidateQueries({ queryKey: queryKeys.latestFromEntra(endpoint) });
        if (event.type !== 'traffic:new') return;
        const fromEntra = event.payload.entries.filter((e) => e.client === 'entra' && e.endpoint === endpoint);
        if (fromEntra.length)
          client.setQueryData<TrafficSummary | null>(queryKeys.latestFromEntra(endpoint), (now) =>
            fromEntra.reduce((a, b) => (b.id > a.id ? b : a), now ?? fromEntra[0]!),
          );
      }),
    [bench, client, endpoint],
  );
  const entry = latest.data;

  return (
    <>
      <p>
        In Entra: <em>Save</em>, then <em>Start provisioning</em> on the Provisioning overview (or set Provisioning
        Status to <em>On</em> and Save). To try one user first, use <em>Provision on demand</em>. The first cycle can
        take a few minutes to start; later cycles come about every 40 minutes.
      </p>
      <div role="status" aria-label="Entra's requests" className="first-cycle">
        {latest.isPending ? null : !entry ? (
          <p className="waiting">Waiting for Entra&apos;s first request…</p>
        ) : (
          <>
            <p className={entry.status === 401 ? 'failed' : 'ok'}>
              {entry.status === 401 ? '✗' : '✓'} Entra&apos;s latest request arrived at{' '}
              {new Date(entry.time).toLocaleTimeString()}: {entry.sentence}
            </p>
            {entry.status === 401 && (
              <p>
                It was refused: the Secret Token in Entra is not this bench&apos;s current token. Copy it again from
                step 2, then Test Connection and Save in Entra.
              </p>
            )}
            <p>
              <TrafficLink filter={only}>See Entra&apos;s requests in Traffic</TrafficLink>
            </p>
          </>
        )}
      </div>
    </>
  );
}
