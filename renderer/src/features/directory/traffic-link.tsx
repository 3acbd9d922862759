/**
 * "Show in Traffic" links (Directory, Connect). Traffic keeps its filters in the URL — e.g.
 * `#/traffic?resourceId=2819c223-…` or `#/traffic?client=entra` — in the format of
 * state/traffic-url.ts, the one place that knows it.
 */
import type { ReactNode } from 'react';
import type { TrafficFilter } from '../../../../shared/types';
import { viewSearch } from '../../state/traffic-url';
import { useUi } from '../../state/ui-store';
import './traffic-link.css';

/** The address of the Traffic screen showing exactly `filter`. */
export function trafficLink(filter: TrafficFilter): string {
  const search = viewSearch({ filter, showConsole: false });
  return `#/traffic${search ? `?${search}` : ''}`;
}

/** Opens the Traffic screen with exactly `filter` (the URL first: it is where filters live). */
export function openTraffic(filter: TrafficFilter): void {
  location.hash = trafficLink(filter);
  useUi.setState({ screen: 'traffic', filter, showConsole: false, selectedId: null });
}

/** A link to Traffic filtered by `filter`: a real address (open in a new tab, copy), opened in place on a click. */
export function TrafficLink({ filter, children }: { filter: TrafficFilter; children: ReactNode }) {
  return (
    <a
      className="traffic-link"
      href={trafficLink(filter)}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // a new tab: the browser's
        e.preventDefault();
        openTraffic(filter);
      }}
    >
      {children}
    </a>
  );
}
