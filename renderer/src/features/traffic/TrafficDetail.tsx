import { useMutation, useQuery } from '@tanstack/react-query';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { CopyButton } from '../../components/CopyButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JsonView } from '../../components/JsonView';
import { useUi } from '../../state/ui-store';
import { diff } from './diff';
import { ReplayPreview } from './ReplayPreview';

const headerText = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** What was sent, what was answered, what changed — and copy as curl, replay (shown first, then confirmed). */
export function TrafficDetail() {
  const bench = useBench();
  const id = useUi((s) => s.selectedId);
  const { data: entry, error } = useQuery({
    queryKey: queryKeys.trafficEntry(id!),
    queryFn: () => bench.traffic.get(id!),
    enabled: id !== null,
  });
  const preview = useMutation({ mutationFn: (entryId: number) => bench.traffic.replayPreview(entryId) });
  const replay = useMutation({
    mutationFn: (entryId: number) => bench.traffic.replay(entryId),
    onSettled: () => preview.reset(),
  });
  const shown = preview.variables === id ? preview : null; // a preview belongs to the entry it was made for
  if (id === null)
    return (
      <aside className="detail empty">Select a request to see what was sent, what was answered and what changed.</aside>
    );
  if (error)
    return (
      <aside className="detail">
        <ErrorMessage error={error} what="load this request" />
      </aside>
    );
  if (!entry) return <aside className="detail">Loading…</aside>;
  const changes = entry.before || entry.after ? diff(entry.before, entry.after) : [];
  return (
    <aside className="detail" aria-label="Request detail">
      <h2>{entry.sentence}</h2>
      <div className="actions">
        <CopyButton label="Copy as curl" text={() => bench.traffic.curl(entry.id)} />
        <button type="button" onClick={() => preview.mutate(entry.id)} disabled={preview.isPending || replay.isPending}>
          Replay…
        </button>
        {replay.data && replay.variables === entry.id && <span role="status">Replayed: {replay.data.status}</span>}
      </div>
      <ErrorMessage error={shown?.error ?? (replay.variables === entry.id ? replay.error : null)} what="replay it" />
      {shown?.data && (
        <ReplayPreview
          request={shown.data}
          sending={replay.isPending}
          onSend={() => replay.mutate(entry.id)}
          onCancel={() => preview.reset()}
        />
      )}
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
      {(changes.length > 0 || entry.members) && (
        <section aria-label="Changes">
          <h3>What changed</h3>
          {entry.members && (
            <p>
              Members: +{entry.members.added}, −{entry.members.removed}
            </p>
          )}
          <table className="changes">
            <tbody>
              {changes.map((c) => (
                <tr key={c.path}>
                  <th scope="row">{c.path}</th>
                  <td className="before">{show(c.before)}</td>
                  <td className="after">{show(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <h3>
        Request: {entry.method} {entry.path}
        {entry.query ? `?${decodeURIComponent(entry.query)}` : ''}
      </h3>
      <pre aria-label="Request headers">{headerText(entry.requestHeaders)}</pre>
      <JsonView text={entry.requestBody} label="Request body" />
      <h3>
        Response: {entry.status} in {entry.durationMs.toFixed(1)} ms
      </h3>
      <pre aria-label="Response headers">{headerText(entry.responseHeaders)}</pre>
      <JsonView text={entry.responseBody} label="Response body" />
    </aside>
  );
}
