import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useBench } from './api/bench-context';
import { queryKeys } from './api/query-keys';
import { ErrorMessage } from './components/ErrorMessage';
import { ActivityScreen } from './features/activity/ActivityScreen';
import { BackupBadge } from './features/backup/BackupBadge';
import { BackupScreen } from './features/backup/BackupScreen';
import { ConnectScreen } from './features/connect/ConnectScreen';
import { DirectoryScreen } from './features/directory/DirectoryScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { TrafficScreen } from './features/traffic/TrafficScreen';
import { connectLiveEvents } from './state/live-events';
import { SCREENS, useUi } from './state/ui-store';

const TITLES = {
  traffic: 'Traffic',
  activity: 'Activity',
  directory: 'Directory',
  backup: 'Backup',
  connect: 'Connect',
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
        {info && (
          <code className="endpoint" aria-label="SCIM endpoint">
            {info.scimUrl}
          </code>
        )}
        <BackupBadge />
      </header>
      <ErrorMessage error={error} what="reach the SCIM Bench engine" />
      <main>
        {screen === 'traffic' && <TrafficScreen scimUrl={info?.scimUrl} />}
        {screen === 'activity' && <ActivityScreen />}
        {screen === 'directory' && <DirectoryScreen />}
        {screen === 'backup' && <BackupScreen />}
        {screen === 'connect' && <ConnectScreen />}
        {screen === 'settings' && <SettingsScreen />}
      </main>
    </div>
  );
}
