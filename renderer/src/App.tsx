import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { bench } from './api/bench';
import { BackupBadge } from './features/backup/BackupBadge';
import { TrafficDetail } from './features/traffic/TrafficDetail';
import { TrafficTable } from './features/traffic/TrafficTable';
import { connectLiveEvents } from './state/live-events';
import { useUi } from './state/ui-store';

export function App() {
  const client = useQueryClient();
  const { data: info, error } = useQuery({ queryKey: ['info'], queryFn: () => bench.info.get() });
  useEffect(() => connectLiveEvents(bench, client, () => useUi.getState().paused), [client]);

  return (
    <div className="app">
      <header>
        <h1>SCIM Bench</h1>
        {info && (
          <code className="endpoint" aria-label="SCIM endpoint">
            {info.scimUrl}
          </code>
        )}
        <BackupBadge />
      </header>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <main>
        <TrafficTable
          emptyHint={`No traffic yet — point Entra or Okta at ${info?.scimUrl ?? 'the SCIM endpoint'} with the bearer token, or send a request with curl.`}
        />
        <TrafficDetail />
      </main>
    </div>
  );
}
