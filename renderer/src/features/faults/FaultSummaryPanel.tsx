import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { FaultEpisode } from '../../../../shared/faults';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorMessage } from '../../components/ErrorMessage';
import { openTraffic } from '../directory/traffic-link';
import { useUi } from '../../state/ui-store';

const RANGES: Array<[number | undefined, string]> = [
  [15, 'Last 15 minutes'],
  [60, 'Last hour'],
  [1440, 'Last 24 hours'],
  [undefined, 'The whole log'],
];

const seconds = (ms: number | null) =>
  ms === null ? '—' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

/**
 * Opens Traffic with this entry selected: among the endpoint's faulted requests and their attempts,
 * or, for what the client did next (which is no attempt, so that filter would hide it), all of them.
 */
function showEntry(endpoint: string, id: number, among: 'attempts' | 'all' = 'attempts') {
  openTraffic(among === 'attempts' ? { endpoint, faulted: true } : { endpoint });
  useUi.getState().select(id);
}

function Episode({ endpoint, episode }: { endpoint: string; episode: FaultEpisode }) {
  return (
    <li className={`fault-episode ${episode.state}`}>
      <p>{episode.sentence}</p>
      <table className="attempts">
        <caption className="muted">
          Rule “{episode.ruleName}” · {episode.state === 'gave-up' ? 'given up' : episode.state}
        </caption>
        <thead>
          <tr>
            <th scope="col">Attempt</th>
            <th scope="col">Time</th>
            <th scope="col">Answer</th>
            <th scope="col">After</th>
            <th scope="col">Retry-After</th>
          </tr>
        </thead>
        <tbody>
          {episode.attempts.map((a, i) => (
            <tr key={a.entryId}>
              <td>
                <button type="button" className="link" onClick={() => showEntry(endpoint, a.entryId)}>
                  #{i + 1}
                </button>
              </td>
              <td>
                <time dateTime={a.time}>{new Date(a.time).toLocaleTimeString()}</time>
              </td>
              <td>
                {a.status === 0 ? 'no answer' : a.status}
                {a.fault ? ` (${a.fault.did})` : ''}
              </td>
              <td>{i === 0 ? '—' : seconds(a.sincePreviousMs)}</td>
              <td>{a.honoured === null ? '—' : a.honoured ? '✓ honoured' : '✗ not honoured'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {episode.next && (
        <p className="muted">
          Next:{' '}
          <button type="button" className="link" onClick={() => showEntry(endpoint, episode.next!.entryId, 'all')}>
            {episode.next.sentence}
          </button>
        </p>
      )}
    </li>
  );
}

/** Faults injected on the endpoint and how the client reacted, over a range. */
export function FaultSummaryPanel({ endpoint }: { endpoint: string }) {
  const bench = useBench();
  const [range, setRange] = useState<number | undefined>(60);
  const summary = useQuery({
    queryKey: queryKeys.faultSummary(endpoint, range ?? null),
    queryFn: () => bench.faults.summary(endpoint, range),
  });
  const s = summary.data;
  const widest = Math.max(1, ...(s?.delayBuckets.map((b) => b.count) ?? []));
  return (
    <section aria-labelledby="fault-summary-title" className="fault-summary">
      <h3 id="fault-summary-title">How the client reacted</h3>
      <label>
        Range{' '}
        <select value={range ?? ''} onChange={(e) => setRange(e.target.value ? Number(e.target.value) : undefined)}>
          {RANGES.map(([minutes, label]) => (
            <option key={label} value={minutes ?? ''}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <ErrorMessage error={summary.error} what="read the fault summary" />
      {s && (
        <>
          <dl className="facts" aria-label="Fault summary">
            <dt>Faults injected</dt>
            <dd>
              {s.injected}
              {s.byRule.length > 0 && ` (${s.byRule.map((r) => `${r.ruleName}: ${r.injected}`).join(', ')})`}
            </dd>
            <dt>Retries seen</dt>
            <dd>{s.retries}</dd>
            <dt>Delay between attempts</dt>
            <dd>
              {s.delays.count
                ? `min ${seconds(s.delays.minMs)} · median ${seconds(s.delays.medianMs)} · p90 ${seconds(s.delays.p90Ms)} · max ${seconds(s.delays.maxMs)}`
                : 'no retries yet'}
            </dd>
            <dt>Episodes</dt>
            <dd>
              {s.recovered} recovered · {s.retrying} retrying · {s.gaveUp} given up
            </dd>
          </dl>
          {s.delays.count > 0 && (
            <ul className="delay-buckets" aria-label="Delays between attempts">
              {s.delayBuckets.map((b) => (
                <li key={b.label}>
                  <span className="bucket-label">{b.label}</span>
                  <span className="bar" style={{ width: `${(b.count / widest) * 100}%` }} aria-hidden="true" />
                  <span>{b.count}</span>
                </li>
              ))}
            </ul>
          )}
          {s.episodes.length === 0 ? (
            <p className="empty">No faulted requests in this range.</p>
          ) : (
            <>
              <ol className="fault-episodes" aria-label="Faulted requests">
                {s.episodes.map((e) => (
                  <Episode key={e.id} endpoint={endpoint} episode={e} />
                ))}
              </ol>
              {s.episodesTotal > s.episodes.length && (
                <p className="muted">
                  Showing the newest {s.episodes.length} of {s.episodesTotal} faulted requests; the counts above are of
                  all of them.
                </p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
