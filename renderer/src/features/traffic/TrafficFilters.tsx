import { useEffect, useState } from 'react';
import type { ClientKind, StatusClass, TrafficFilter } from '../../../../shared/types';
import { hasFilter, useUi } from '../../state/ui-store';
import { ExportButtons } from './ExportButtons';
import { fullTime } from './format-time';
import { listLength, useTrafficHead, useTrafficStats } from './use-traffic';

const RANGES: [minutes: number, label: string][] = [
  [15, 'Last 15 minutes'],
  [60, 'Last hour'],
  [1440, 'Last 24 hours'],
  [10080, 'Last 7 days'],
];
const n = (value: number) => value.toLocaleString('en');

interface ChoiceProps {
  label: string;
  value: string | undefined;
  options: readonly string[];
  /** How many entries each option would show (a facet: under the other filters, not this one). */
  counts?: Record<string, number>;
  onChange(value: string | undefined): void;
}

/** A select that says what it filters when set: "Client: entra (1,204)", not just "entra". */
function Choice({ label, value, options, counts, onChange }: ChoiceProps) {
  const shown = value && !options.includes(value) ? [...options, value] : options;
  return (
    <select aria-label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{label}: all</option>
      {shown.map((o) => (
        <option key={o} value={o}>
          {label}: {o}
          {counts ? ` (${n(counts[o] ?? 0)})` : ''}
        </option>
      ))}
    </select>
  );
}

/**
 * Filters and full-text search (kept in the address, so a view can be shared), the console's own
 * requests, times in UTC or local, pause and resume, exports of what is shown, and the figures.
 */
/** The pause after the last keystroke before a search runs: one query per word typed, not per key. */
const SEARCH_PAUSE_MS = 150;

export function TrafficFilters({ filter }: { filter: TrafficFilter }) {
  const ui = useUi();
  const chosen = ui.filter;
  const head = useTrafficHead(filter);
  const { data: stats } = useTrafficStats(filter, head.data);
  const [text, setText] = useState(chosen.text ?? '');
  const { setFilter } = ui;
  useEffect(() => {
    const timer = setTimeout(() => setFilter({ text: text.trim() || undefined }), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, setFilter]);
  // Cleared, or set by a link: the box shows what is searched.
  const searched = chosen.text ?? '';
  const [shownFor, setShownFor] = useState(searched);
  if (searched !== shownFor) {
    setShownFor(searched);
    if (searched !== text.trim()) setText(searched);
  }

  const facets = stats?.facets;
  const time = chosen.from || chosen.to ? 'custom' : chosen.lastMinutes ? String(chosen.lastMinutes) : '';
  const count = head.data ? listLength(head.data, stats) : null;
  return (
    <div className="filters traffic-filters" role="search">
      <input
        type="search"
        aria-label="Search traffic"
        placeholder="Search paths, bodies, sentences…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && setFilter({ text: text.trim() || undefined })} // no need to wait
      />
      <Choice
        label="Method"
        value={chosen.method}
        options={['GET', 'POST', 'PUT', 'PATCH', 'DELETE']}
        onChange={(method) => setFilter({ method })}
      />
      <Choice
        label="Status"
        value={chosen.statusClass}
        options={['2xx', '3xx', '4xx', '5xx'] satisfies StatusClass[]}
        counts={facets?.statusClass}
        onChange={(v) => setFilter({ statusClass: v as StatusClass | undefined })}
      />
      <Choice
        label="Client"
        value={chosen.client}
        options={['entra', 'okta', 'console', 'curl', 'other'] satisfies ClientKind[]}
        counts={facets?.client}
        onChange={(v) => setFilter({ client: v as ClientKind | undefined })}
      />
      <Choice
        label="Resource"
        value={chosen.resourceType}
        options={['User', 'Group']}
        onChange={(resourceType) => setFilter({ resourceType })}
      />
      <Choice
        label="Operation"
        value={chosen.operation}
        options={Object.keys(facets?.operation ?? {}).sort()}
        counts={facets?.operation}
        onChange={(operation) => setFilter({ operation })}
      />
      {chosen.resourceId && (
        <button
          type="button"
          title="Show every resource's requests"
          onClick={() => setFilter({ resourceId: undefined })}
        >
          Resource: {chosen.resourceId} ✕
        </button>
      )}
      <select
        aria-label="Time"
        value={time}
        onChange={(e) =>
          setFilter({ lastMinutes: Number(e.target.value) || undefined, from: undefined, to: undefined })
        }
      >
        <option value="">Time: any</option>
        {RANGES.map(([minutes, label]) => (
          <option key={minutes} value={minutes}>
            Time: {label.toLowerCase()}
          </option>
        ))}
        {time === 'custom' && (
          <option value="custom">
            Time: {chosen.from ? `from ${fullTime(chosen.from, ui.timeZone)}` : ''}
            {chosen.to ? ` to ${fullTime(chosen.to, ui.timeZone)}` : ''}
          </option>
        )}
      </select>
      <label className="toggle" title="Only requests where the client sent what RFC 7643/7644 does not allow">
        <input
          type="checkbox"
          checked={chosen.deviated === true}
          onChange={(e) => setFilter({ deviated: e.target.checked || undefined })}
        />
        Strayed from the RFC
      </label>
      <label className="toggle" title="Only requests a fault rule faulted, and the client's further attempts of them">
        <input
          type="checkbox"
          checked={chosen.faulted === true}
          onChange={(e) => setFilter({ faulted: e.target.checked || undefined })}
        />
        Faulted only
      </label>
      {hasFilter(chosen) && (
        <button type="button" onClick={ui.clearFilters}>
          Clear filters
        </button>
      )}
      <span className="traffic-filters-end">
        {chosen.client !== 'console' && (
          <label className="toggle" title="Directory reads and Test connection: requests the console made itself">
            <input type="checkbox" checked={ui.showConsole} onChange={(e) => ui.setShowConsole(e.target.checked)} />
            Show the console’s own requests{stats ? ` (${n(stats.consoleReads)})` : ''}
          </label>
        )}
        <button
          type="button"
          aria-pressed={ui.timeZone === 'utc'}
          title="Entra’s provisioning logs are in UTC"
          onClick={() => ui.setTimeZone(ui.timeZone === 'utc' ? 'local' : 'utc')}
        >
          Times in UTC
        </button>
        <button type="button" aria-pressed={ui.paused} onClick={ui.togglePaused}>
          {ui.paused ? 'Resume live' : 'Pause live'}
        </button>
        {ui.paused && (
          <span role="status" className="paused">
            Paused · {n(ui.newWhilePaused ?? 0)} new
          </span>
        )}
        <ExportButtons filter={filter} />
      </span>
      {count !== null && (
        <span className="stats" aria-label="Traffic statistics">
          {n(count)} {count === 1 ? 'request' : 'requests'}
          {stats && ` · ${(stats.errorRate * 100).toFixed(1)}% errors`}
          {stats?.latencyMs ? ` · p99 ${stats.latencyMs.p99.toFixed(1)} ms` : ''}
        </span>
      )}
    </div>
  );
}
