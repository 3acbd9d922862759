import { useUi } from '../../state/ui-store';
import { ALL, choose, scopeOf, switcherValue } from './endpoint-choice';
import { useEndpoints } from './use-endpoints';

/**
 * The header's endpoint switcher: which endpoint the screen shows (or, on Traffic, every one).
 * Hidden while the bench has a single endpoint (or an engine without endpoints): nothing to switch.
 */
export function EndpointSwitcher() {
  const { data: endpoints } = useEndpoints();
  const screen = useUi((s) => s.screen);
  const selected = useUi((s) => s.endpoint);
  const trafficEndpoint = useUi((s) => s.filter.endpoint);
  if (!endpoints || endpoints.length < 2) return null;
  const scope = scopeOf(screen);
  const value = switcherValue(screen, trafficEndpoint, selected);
  const known = value === ALL || endpoints.some((e) => e.id === value);
  return (
    <select
      className="endpoint-switcher"
      aria-label="Endpoint"
      value={known ? value : (endpoints.find((e) => e.isDefault)?.id ?? '')}
      disabled={scope === 'all'}
      title={scope === 'all' ? 'Activity covers every endpoint' : undefined}
      onChange={(e) => {
        const change = choose(screen, e.target.value);
        const ui = useUi.getState();
        if (change.select) ui.selectEndpoint(change.select);
        if (change.trafficEndpoint !== undefined) ui.setFilter({ endpoint: change.trafficEndpoint ?? undefined });
      }}
    >
      {scope !== 'one' && <option value={ALL}>All endpoints</option>}
      {endpoints.map((e) => (
        <option key={e.id} value={e.id}>
          {e.name}
          {e.paused ? ' (paused)' : ''}
        </option>
      ))}
    </select>
  );
}
