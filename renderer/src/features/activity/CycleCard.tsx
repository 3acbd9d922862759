/** One provisioning cycle: its summary by kind, its dialect notes once, and its changes as sentences. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ActivityCycle } from '../../../../shared/types';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useUi } from '../../state/ui-store';
import { CLIENTS, changesSentence, failuresSentence, volumeSentence } from './cycle-summary';
import { cycleFilter, cycleTrafficHref, openCycleInTraffic } from './traffic-link';

/** Requests listed when a cycle is opened; the rest are in Traffic. */
const SHOWN = 200;
const READS = /^(lookup|list|get|search)-|^discovery$|^oauth-token$/;
const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function CycleCard({ cycle, openAtFirst }: { cycle: ActivityCycle; openAtFirst: boolean }) {
  const [open, setOpen] = useState(openAtFirst);
  const failures = failuresSentence(cycle);
  return (
    <article className="cycle" aria-label={`${CLIENTS[cycle.client]} cycle at ${time(cycle.start)}`}>
      <h2>
        {CLIENTS[cycle.client]} · {new Date(cycle.start).toLocaleDateString()} {time(cycle.start)}–{time(cycle.end)}
        {cycle.inProgress && <span className="in-progress"> · in progress</span>}
      </h2>
      <p className="summary">{changesSentence(cycle)}</p>
      {failures && <p className="failed">{failures}</p>}
      <p className="muted">
        {volumeSentence(cycle)} ·{' '}
        <a
          href={cycleTrafficHref(cycle)}
          onClick={(e) => {
            e.preventDefault();
            openCycleInTraffic(cycle);
          }}
        >
          Show {cycle.requests === 1 ? 'this request' : `these ${cycle.requests.toLocaleString('en')} requests`} in
          Traffic
        </a>
      </p>
      {cycle.notes.length > 0 && (
        <ul className="notes" aria-label="Dialect notes">
          {cycle.notes.map((n) => (
            <li key={n.code}>
              {CLIENTS[cycle.client]} {n.message}
              {n.requests > 1 ? ` (${n.requests.toLocaleString('en')} requests)` : ''}
            </li>
          ))}
        </ul>
      )}
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>Changes, as sentences</summary>
        {open && <CycleChanges cycle={cycle} />}
      </details>
    </article>
  );
}

function CycleChanges({ cycle }: { cycle: ActivityCycle }) {
  const bench = useBench();
  const { select, go } = useUi();
  const { data, error } = useQuery({
    queryKey: queryKeys.activityCycleRequests(cycle.id, cycle.lastId),
    queryFn: () => bench.traffic.list({ ...cycleFilter(cycle), limit: SHOWN }),
  });
  if (error) return <ErrorMessage error={error} what="read this cycle's requests" />;
  if (!data) return <p className="muted">Loading…</p>;
  const changes = [...data.entries].reverse().filter((e) => e.status >= 400 || !READS.test(e.operation));
  return (
    <>
      {data.nextCursor !== null && (
        <p className="muted">
          The newest {SHOWN} of {cycle.requests.toLocaleString('en')} requests; all of them are in Traffic.
        </p>
      )}
      {changes.length === 0 ? (
        <p className="muted">Only reads{data.nextCursor !== null ? ' among these' : ''}.</p>
      ) : (
        <ol>
          {changes.map((e) => (
            <li key={e.id} className={e.status >= 400 ? 'failed' : undefined}>
              <button type="button" className="link" onClick={() => (select(e.id), go('traffic'))}>
                {time(e.time)}
              </button>{' '}
              {e.sentence}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
