import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { TrafficSummary } from '../../../../shared/types';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { TrafficLink } from '../directory/traffic-link';

/** Step 4: what to click in Entra, then "waiting for Entra's first request…" until one arrives. */
export function FirstCycle() {
  const bench = useBench();
  const client = useQueryClient();
  const latest = useQuery({
    queryKey: queryKeys.latestFromEntra,
    queryFn: async () => (await bench.traffic.list({ client: 'entra', limit: 1 })).entries[0] ?? null,
  });
  useEffect(
    () =>
      bench.subscribe((event) => {
        if (event.type === 'traffic:resync') void client.invalidateQueries({ queryKey: queryKeys.latestFromEntra });
        if (event.type !== 'traffic:new') return;
        const fromEntra = event.payload.entries.filter((e) => e.client === 'entra');
        if (fromEntra.length)
          client.setQueryData<TrafficSummary | null>(queryKeys.latestFromEntra, (now) =>
            fromEntra.reduce((a, b) => (b.id > a.id ? b : a), now ?? fromEntra[0]!),
          );
      }),
    [bench, client],
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
              <TrafficLink filter={{ client: 'entra' }}>See Entra&apos;s requests in Traffic</TrafficLink>
            </p>
          </>
        )}
      </div>
    </>
  );
}
