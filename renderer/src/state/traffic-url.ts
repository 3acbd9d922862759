/**
 * The Traffic screen's filters in the address: `#/traffic?status=4xx&client=entra&last=15m`, so a
 * view can be shared and survives a reload. A time range is kept as a range (`last=15m`), not as
 * the `from` it meant when it was chosen, so it rolls with time. What cannot be read is ignored.
 */
import { endpointId } from '../../../shared/endpoints';
import type { ClientKind, StatusClass, TrafficFilter } from '../../../shared/types';

/** What the user chose: the engine's filter, and whether the console's own reads are shown. */
export interface TrafficView {
  filter: TrafficFilter;
  showConsole: boolean;
}

const STATUS: readonly StatusClass[] = ['2xx', '3xx', '4xx', '5xx'];
const CLIENTS: readonly ClientKind[] = ['entra', 'okta', 'console', 'curl', 'other'];
const UNITS = { m: 1, h: 60, d: 1440 } as const;

/** `15` → `15m`, `60` → `1h`, `1440` → `1d`. */
export function rangeName(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

function rangeMinutes(name: string | null): number | undefined {
  const match = /^(\d{1,6})([mhd])$/.exec(name ?? '');
  if (!match) return undefined;
  const minutes = Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
  return minutes >= 1 && minutes <= 60 * 24 * 366 ? minutes : undefined;
}

const isoTime = (value: string | null) => (value && !Number.isNaN(Date.parse(value)) ? value : undefined);

/** Reads a view from the part of the hash after `?`. */
export function parseView(search: string): TrafficView {
  const p = new URLSearchParams(search);
  const oneOf = <T extends string>(value: string | null, allowed: readonly T[]) =>
    allowed.includes(value as T) ? (value as T) : undefined;
  const method = p.get('method')?.toUpperCase();
  const filter: TrafficFilter = {
    text: p.get('q')?.slice(0, 500) || undefined,
    method: method && /^[A-Z]{1,10}$/.test(method) ? method : undefined,
    statusClass: oneOf(p.get('status'), STATUS),
    client: oneOf(p.get('client'), CLIENTS),
    resourceType: oneOf(p.get('resource'), ['User', 'Group']),
    resourceId: p.get('resourceId')?.slice(0, 200) || undefined,
    operation: p.get('op')?.slice(0, 60) || undefined,
    deviated: p.get('strayed') === '1' || undefined,
    faulted: p.get('faulted') === '1' || undefined,
    lastMinutes: rangeMinutes(p.get('last')),
    from: isoTime(p.get('from')),
    to: isoTime(p.get('to')),
    endpoint: endpointId.safeParse(p.get('endpoint')).data,
  };
  for (const key of Object.keys(filter) as (keyof TrafficFilter)[]) if (filter[key] === undefined) delete filter[key];
  return { filter, showConsole: p.get('console') === '1' };
}

/** The part after `?` for a view; empty for the default view. */
export function viewSearch({ filter, showConsole }: TrafficView): string {
  const p = new URLSearchParams();
  const set = (name: string, value: string | undefined) => value && p.set(name, value);
  set('q', filter.text);
  set('method', filter.method);
  set('status', filter.statusClass);
  set('client', filter.client);
  set('resource', filter.resourceType);
  set('resourceId', filter.resourceId);
  set('op', filter.operation);
  set('strayed', filter.deviated ? '1' : undefined);
  set('faulted', filter.faulted ? '1' : undefined);
  set('last', filter.lastMinutes ? rangeName(filter.lastMinutes) : undefined);
  set('from', filter.from);
  set('to', filter.to);
  set('endpoint', filter.endpoint);
  set('console', showConsole ? '1' : undefined);
  return p.toString();
}

/**
 * The filter the engine is asked for: the console's own reads are left out unless they are
 * shown, or asked for by choosing the console as the client.
 */
export function engineFilter({ filter, showConsole }: TrafficView): TrafficFilter {
  return showConsole || filter.client === 'console' ? filter : { ...filter, hideConsoleReads: true };
}
