/**
 * What the header's endpoint switcher shows and does on each screen. Traffic can show every
 * endpoint's requests (its `endpoint` filter, kept in the address); Activity always covers every
 * endpoint (`activity:cycles` counts the whole log); the other screens work on one endpoint.
 */
import type { Screen } from '../../state/ui-store';

/** The switcher's value for "every endpoint". Not an endpoint id: ids never contain `*`. */
export const ALL = '*';

export type Scope = 'all-or-one' | 'all' | 'one';

export const scopeOf = (screen: Screen): Scope =>
  screen === 'traffic' ? 'all-or-one' : screen === 'activity' ? 'all' : 'one';

/** The value shown: Traffic's filter, Activity's "all", or the selected endpoint. */
export function switcherValue(screen: Screen, trafficEndpoint: string | undefined, selected: string): string {
  const scope = scopeOf(screen);
  if (scope === 'all') return ALL;
  if (scope === 'all-or-one') return trafficEndpoint ?? ALL;
  return selected;
}

/**
 * What choosing `value` changes: on Traffic its filter (and the selection, when it is one
 * endpoint, so Directory and Connect follow); elsewhere the selection only.
 */
export function choose(screen: Screen, value: string): { trafficEndpoint?: string | null; select?: string } {
  if (value === ALL) return scopeOf(screen) === 'all-or-one' ? { trafficEndpoint: null } : {};
  return scopeOf(screen) === 'all-or-one' ? { trafficEndpoint: value, select: value } : { select: value };
}
