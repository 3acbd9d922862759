import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useBench, useConnection } from './api/bench-context';
import { queryKeys } from './api/query-keys';
import { ConnectionBanner, ConnectionStatus } from './components/ConnectionStatus';
import { ErrorMessage } from './components/ErrorMessage';
import { ActivityScreen } from './features/activity/ActivityScreen';
import { BackupBadge } from './features/backup/BackupBadge';
import { BackupScreen } from './features/backup/BackupScreen';
import { CheckScreen } from './features/check/CheckScreen';
import { ConnectScreen } from './features/connect/ConnectScreen';
import { DirectoryScreen } from './features/directory/DirectoryScreen';
import { EndpointSwitcher } from './features/endpoints/EndpointSwitcher';
import { EndpointsScreen } from './features/endpoints/EndpointsScreen';
import { useSelectedEndpoint } from './features/endpoints/use-endpoints';
import { FaultsScreen } from './features/faults/FaultsScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { TrafficScreen } from './features/traffic/TrafficScreen';
import { connectLiveEvents } from './state/live-events';
import { SCREENS, useUi } from './state/ui-store';

const TITLES = {
  traffic: 'Traffic',
  activity: 'Activity',
  directory: 'Directory',
  endpoints: 'Endpoints',
  faults: 'Faults',
  backup: 'Backup',
  connect: 'Connect',
  check: 'Check',
  settings: 'Settings',
};

export function App() {
  const bench = useBench();
  const client = useQueryClient();
  const { screen, go, theme } = useUi();
  const { data: info, error } = useQuery({ queryKey: queryKeys.info, queryFn: () => bench.info.get() });
  useEffect(() => connectLiveEvents(bench, client), [bench, client]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const { state } = useConnection();
  const endpoint = useSelectedEndpoint();
  // Back from a drop (a restart, a new sign-in): everything may have changed meanwhile.
  const was = useRef(state);
  useEffect(() => {
    if (state === 'online' && was.current !== 'online' && was.current !== 'connecting') void client.invalidateQueries();
    was.current = state;
  }, [state, client]);
  // The tab says where you are, and when it is not connected (it may be in the background).
  useEffect(() => {
    const where = `${TITLES[screen]} · SCIM Bench`;
    document.title = state === 'offline' || state === 'signed-out' ? `Disconnected · ${where}` : where;
  }, [screen, state]);

  return (
    <div className="app">
      <header>
        <h1>SCIM Bench</h1>
        <nav aria-label="Screens">
          {SCREENS.map((s) => (
            <button key={s} type="button" aria-current={screen === s ? 'page' : undefined} onClick={() => go(s)}>
              {TITLES[s]}
            </button>
          ))}
        </nav>
        <EndpointSwitcher />
        {endpoint && (
          <code
            className="endpoint"
            aria-label="SCIM endpoint"
            title={endpoint.scimUrl /* whole, where the header cuts it */}
          >
            {endpoint.scimUrl}
          </code>
        )}
        <ConnectionStatus />
        <BackupBadge />
      </header>
      <ConnectionBanner />
      <ErrorMessage error={error} what="reach the SCIM Bench engine" />
      <main>
        {screen === 'traffic' && <TrafficScreen scimUrl={endpoint?.scimUrl ?? info?.scimUrl} />}
        {screen === 'activity' && <ActivityScreen />}
        {screen === 'directory' && <DirectoryScreen />}
        {screen === 'endpoints' && <EndpointsScreen />}
        {screen === 'faults' && <FaultsScreen />}
        {screen === 'backup' && <BackupScreen />}
        {screen === 'connect' && <ConnectScreen />}
        {screen === 'check' && <CheckScreen />}
        {screen === 'settings' && <SettingsScreen />}
      </main>
    </div>
  );
}
