/**
 * "Show in Traffic" links (Directory, Connect). Traffic keeps its filters in the URL, so a link is
 * `#/traffic?<filter fields as query parameters>` — e.g. `#/traffic?resourceId=2819c223-…` or
 * `#/traffic?client=entra` — and the one place that knows that format is `trafficLink`.
 */
import type { ReactNode } from 'react';
import type { TrafficFilter } from '../../../../shared/types';
import { useUi } from '../../state/ui-store';
import './traffic-link.css';

/** The address of the Traffic screen showing exactly `filter`. */
export function trafficLink(filter: TrafficFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter))
    if (value !== undefined && value !== '') params.set(key, String(value));
  return `#/traffic?${params}`;
}

/** Opens the Traffic screen with exactly `filter` (the URL first: it is where filters live). */
export function openTraffic(filter: TrafficFilter): void {
  location.hash = trafficLink(filter);
  useUi.setState({ screen: 'traffic', filter, selectedId: null });
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
