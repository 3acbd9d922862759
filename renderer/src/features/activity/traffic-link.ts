/**
 * Where "show this cycle's requests" leads: the Traffic screen filtered to the cycle's client and
 * time range. The one place that knows the Traffic screen's address format (`#/traffic?from=…&to=…
 * &client=…`, the filters the traffic list reads from the URL) and its filter store.
 */
import type { ActivityCycle, TrafficFilter } from '../../../../shared/types';
import { useUi } from '../../state/ui-store';

/** Exactly the cycle's requests: every other filter is cleared (the endpoint too: a cycle is counted over every endpoint). */
export const cycleFilter = (cycle: ActivityCycle): TrafficFilter => ({
  client: cycle.client,
  from: cycle.start,
  to: cycle.end,
});

/** The address of the Traffic screen showing the cycle's requests (for a link a person can open or share). */
export function cycleTrafficHref(cycle: ActivityCycle): string {
  const filter = cycleFilter(cycle);
  return `#/traffic?${new URLSearchParams(filter as Record<string, string>).toString()}`;
}

/** Shows the cycle's requests in this tab. */
export function openCycleInTraffic(cycle: ActivityCycle): void {
  const { setFilter, go } = useUi.getState();
  const cleared = Object.fromEntries(
    (['method', 'statusClass', 'resourceType', 'operation', 'deviated', 'text', 'endpoint'] as const).map((k) => [
      k,
      undefined,
    ]),
  );
  setFilter({ ...cleared, ...cycleFilter(cycle) });
  go('traffic');
}
