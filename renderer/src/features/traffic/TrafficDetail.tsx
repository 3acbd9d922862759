import { useQuery } from '@tanstack/react-query';
import { bench } from '../../api/bench';
import { useUi } from '../../state/ui-store';

const pretty = (body: string | null) => {
  if (!body) return '(empty)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
};

/** The request and response of the selected entry. */
export function TrafficDetail() {
  const id = useUi((s) => s.selectedId);
  const { data: entry } = useQuery({
    queryKey: ['traffic', id],
    queryFn: () => bench.traffic.get(id!),
    enabled: id !== null,
  });
  if (id === null) return <aside className="detail empty">Select a request to see what was sent and answered.</aside>;
  if (!entry) return <aside className="detail">Loading…</aside>;
  return (
    <aside className="detail" aria-label="Request detail">
      <h2>{entry.sentence}</h2>
      {entry.notes.length > 0 && (
        <ul className="notes" aria-label="Dialect notes">
          {entry.notes.map((n) => (
            <li key={n.code + n.message}>{n.message}</li>
          ))}
        </ul>
      )}
      <h3>
        Request: {entry.method} {entry.path}
        {entry.query ? `?${entry.query}` : ''}
      </h3>
      <pre>
        {Object.entries(entry.requestHeaders)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n')}
      </pre>
      <pre>{pretty(entry.requestBody)}</pre>
      <h3>Response: {entry.status}</h3>
      <pre>{pretty(entry.responseBody)}</pre>
    </aside>
  );
}
