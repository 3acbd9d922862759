import { useQuery } from '@tanstack/react-query';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useUi } from '../../state/ui-store';
import { groupCycles } from './cycles';

const CLIENTS = { entra: 'Entra', okta: 'Okta', console: 'Console', curl: 'curl', other: 'Other client' };
const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The human timeline: what each provisioning cycle changed, in sentences. */
export function ActivityScreen() {
  const bench = useBench();
  const { data, error } = useQuery({
    queryKey: queryKeys.activity,
    queryFn: () => bench.traffic.list({ limit: 500 }),
  });
  const { go, select } = useUi();
  if (error) return <ErrorMessage error={error} what="load the activity" />;
  const cycles = groupCycles(data?.entries ?? []);
  if (data && cycles.length === 0)
    return (
      <p className="empty">
        Nothing has happened yet. When Entra runs a provisioning cycle, it appears here as one story.
      </p>
    );
  return (
    <section className="activity" aria-label="Activity">
      {cycles.map((c) => (
        <article key={`${c.client}-${c.start}`} className="cycle">
          <h2>
            {CLIENTS[c.client]} · {new Date(c.start).toLocaleDateString()} {time(c.start)}–{time(c.end)}
          </h2>
          <p className="muted">
            {c.changes.length} changes · {c.reads} reads{c.errors ? ` · ${c.errors} failed` : ''}
          </p>
          <ol>
            {c.changes.map((e) => (
              <li key={e.id} className={e.status >= 400 ? 'failed' : undefined}>
                <button type="button" className="link" onClick={() => (select(e.id), go('traffic'))}>
                  {time(e.time)}
                </button>{' '}
                {e.sentence}
              </li>
            ))}
          </ol>
        </article>
      ))}
    </section>
  );
}
