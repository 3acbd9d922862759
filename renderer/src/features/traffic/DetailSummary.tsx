import type { ClientKind, TrafficEntry } from '../../../../shared/types';
import { targetOf } from './DetailMessage';

const CLIENTS: Record<ClientKind, string> = {
  entra: 'Entra',
  okta: 'Okta',
  console: 'The console',
  curl: 'curl',
  other: 'Another client',
};

function EntryLinks({ ids, onSelect }: { ids: number[]; onSelect(id: number): void }) {
  return ids.map((id, i) => (
    <span key={id}>
      {i > 0 && ', '}
      <button type="button" className="link" onClick={() => onSelect(id)}>
        #{id}
      </button>
    </span>
  ));
}

/** The facts of a request at a glance, its replay links both ways, and where the client strayed from the RFC. */
export function DetailSummary({ entry, onSelect }: { entry: TrafficEntry; onSelect(id: number): void }) {
  const replays = entry.replays ?? [];
  return (
    <>
      <dl className="facts">
        <dt>Entry</dt>
        <dd>#{entry.id}</dd>
        <dt>Time</dt>
        <dd>
          <time dateTime={entry.time} title={new Date(entry.time).toString()}>
            {entry.time}
          </time>
        </dd>
        <dt>Client</dt>
        <dd>
          {CLIENTS[entry.client]}
          {entry.authenticated ? '' : ' (no valid credentials)'}
        </dd>
        <dt>Request</dt>
        <dd className="target">
          {entry.method} {targetOf(entry)}
        </dd>
        <dt>Answer</dt>
        <dd>
          {entry.status === 0 ? 'None (the connection was reset or held open)' : entry.status} in{' '}
          {entry.durationMs.toFixed(1)} ms
        </dd>
        {entry.fault && (
          <>
            <dt>Fault</dt>
            <dd className="fault">
              Rule “{entry.fault.ruleName}” {entry.fault.did}.{' '}
              {entry.fault.applied ? 'The change was applied.' : 'Nothing was changed.'}
            </dd>
          </>
        )}
        {entry.reaction && (
          <>
            <dt>Attempt</dt>
            <dd>
              {entry.reaction.attempt === 1
                ? 'The first attempt of a faulted request'
                : `Attempt ${entry.reaction.attempt} of a faulted request, ${Math.round((entry.reaction.sincePreviousMs ?? 0) / 100) / 10} s after the previous one`}
              {entry.reaction.honoured === true && '; it waited as Retry-After said'}
              {entry.reaction.honoured === false && '; it did not wait as long as Retry-After said'}
            </dd>
          </>
        )}
        <dt>Operation</dt>
        <dd>{entry.operation}</dd>
        {entry.resourceType && (
          <>
            <dt>Resource</dt>
            <dd className="target">
              {entry.resourceType} {entry.resourceId}
            </dd>
          </>
        )}
        {entry.replayOf !== null && (
          <>
            <dt>Replay of</dt>
            <dd>
              <EntryLinks ids={[entry.replayOf]} onSelect={onSelect} />
            </dd>
          </>
        )}
        {replays.length > 0 && (
          <>
            <dt>Replayed as</dt>
            <dd>
              <EntryLinks ids={replays} onSelect={onSelect} />
            </dd>
          </>
        )}
      </dl>
      {entry.notes.length > 0 && (
        <section aria-label="Dialect notes" className="notes">
          <h3>Where the client strayed from the RFC</h3>
          <ul>
            {entry.notes.map((n) => (
              <li key={n.code + n.message}>{n.message}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
