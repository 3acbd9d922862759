import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ClientKind, StatusClass, TrafficFilter } from '../../../../shared/types';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { useUi } from '../../state/ui-store';
import { ExportButtons } from './ExportButtons';

const RANGES: Record<string, number | null> = {
  'Any time': null,
  'Last 15 minutes': 15,
  'Last hour': 60,
  'Last 24 hours': 1440,
};

/** Filters and full-text search; each narrows the list, the export and the stats. */
export function TrafficFilters() {
  const bench = useBench();
  const { filter, setFilter, paused, togglePaused } = useUi();
  const [text, setText] = useState(filter.text ?? '');
  const { data: stats } = useQuery({ queryKey: queryKeys.stats(filter), queryFn: () => bench.traffic.stats(filter) });
  useEffect(() => {
    const timer = setTimeout(() => setFilter({ text: text.trim() || undefined }), 200);
    return () => clearTimeout(timer);
  }, [text, setFilter]);

  const select = <K extends keyof TrafficFilter>(key: K, label: string, options: string[]) => (
    <label>
      <span className="visually-hidden">{label}</span>
      <select
        aria-label={label}
        value={(filter[key] as string | undefined) ?? ''}
        onChange={(e) => setFilter({ [key]: e.target.value || undefined } as Partial<TrafficFilter>)}
      >
        <option value="">{label}: all</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="filters" role="search">
      <input
        type="search"
        aria-label="Search traffic"
        placeholder="Search paths, bodies, sentences…"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {select('method', 'Method', ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])}
      {select('statusClass', 'Status', ['2xx', '3xx', '4xx', '5xx'] satisfies StatusClass[])}
      {select('client', 'Client', ['entra', 'okta', 'console', 'curl', 'other'] satisfies ClientKind[])}
      {select('resourceType', 'Resource', ['User', 'Group'])}
      {select('operation', 'Operation', Object.keys(stats?.byOperation ?? {}).sort())}
      <label className="toggle" title="Only requests where the client sent what RFC 7643/7644 does not allow">
        <input
          type="checkbox"
          checked={filter.deviated === true}
          onChange={(e) => setFilter({ deviated: e.target.checked || undefined })}
        />
        Strayed from the RFC
      </label>
      <label>
        <span className="visually-hidden">Time</span>
        <select
          aria-label="Time"
          onChange={(e) => {
            const minutes = RANGES[e.target.value];
            setFilter({ from: minutes ? new Date(Date.now() - minutes * 60_000).toISOString() : undefined });
          }}
        >
          {Object.keys(RANGES).map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <button type="button" aria-pressed={paused} onClick={togglePaused}>
        {paused ? 'Resume live' : 'Pause live'}
      </button>
      <ExportButtons filter={filter} />
      {stats && (
        <span className="stats" aria-label="Traffic statistics">
          {stats.total} requests · {(stats.errorRate * 100).toFixed(1)}% errors
          {stats.latencyMs ? ` · p99 ${stats.latencyMs.p99.toFixed(1)} ms` : ''}
        </span>
      )}
    </div>
  );
}
