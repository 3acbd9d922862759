import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { CheckProfile, StepResult } from '../../../../shared/check';
import { useBench } from '../../api/bench-context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useSelectedEndpoint } from '../endpoints/use-endpoints';
import { VERDICT_MARKS, VERDICT_WORDS, totals, withStep } from './check-view';
import './check.css';

type Target = 'endpoint' | 'server';

/**
 * "Check a SCIM server": `scim-bench check` from the console (docs/check.md) — the requests Entra
 * and Okta send, against another server or one of the bench's endpoints, each step shown as it ends.
 */
export function CheckScreen() {
  const bench = useBench();
  const endpoint = useSelectedEndpoint();
  const [target, setTarget] = useState<Target>('server');
  const [steps, setSteps] = useState<StepResult[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  useEffect(
    () =>
      bench.subscribe((event) => {
        if (event.type !== 'check:step') return;
        setTotal(event.payload.total);
        setSteps((current) => withStep(current, event.payload.result, event.payload.index));
      }),
    [bench],
  );
  const run = useMutation({
    mutationFn: (input: Parameters<typeof bench.check.run>[0]) => {
      setSteps([]);
      setTotal(null);
      return bench.check.run(input);
    },
    onSuccess: (report) => setSteps(report.results),
  });
  const cancel = useMutation({ mutationFn: () => bench.check.cancel() });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const profile = form.get('profile') as CheckProfile | 'all';
    const allowExisting = form.get('allowExisting') === 'on';
    if (target === 'endpoint') run.mutate({ endpoint: endpoint?.id ?? 'default', profile, allowExisting });
    else
      run.mutate({
        url: String(form.get('url') ?? '').trim(),
        token: String(form.get('token') ?? ''),
        profile,
        allowExisting,
      });
  };
  const report = run.data;
  const shown = report ? report.results : steps;

  return (
    <section className="check-screen" aria-labelledby="check-title">
      <h2 id="check-title">Check a SCIM server</h2>
      <p>
        Sends a SCIM server the requests Microsoft Entra and Okta are documented to send, and says for each step whether
        provisioning will work, and why. It creates only objects named <code>scimcheck-…</code> and removes them at the
        end. The same check runs in CI: <code>scim-bench check &lt;url&gt; --token …</code>.
      </p>
      <form onSubmit={submit} className="check-form">
        <fieldset>
          <legend>What to check</legend>
          <label>
            <input type="radio" name="target" checked={target === 'server'} onChange={() => setTarget('server')} />{' '}
            Another SCIM server
          </label>
          <label>
            <input type="radio" name="target" checked={target === 'endpoint'} onChange={() => setTarget('endpoint')} />{' '}
            This bench&apos;s endpoint <code>{endpoint?.name ?? 'default'}</code>
          </label>
        </fieldset>
        {target === 'server' && (
          <>
            <label>
              SCIM base URL
              <input name="url" type="url" required placeholder="https://app.example.com/scim/v2" autoComplete="off" />
            </label>
            <label>
              Bearer token
              <input name="token" type="password" required autoComplete="off" />
            </label>
          </>
        )}
        <label>
          Requests
          <select name="profile" defaultValue="all">
            <option value="all">Entra, Okta and the RFC checks</option>
            <option value="entra">Entra&apos;s (with the RFC checks)</option>
            <option value="okta">Okta&apos;s (with the RFC checks)</option>
            <option value="rfc">RFC 7643/7644 checks only</option>
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" name="allowExisting" /> Run even if the server holds <code>scimcheck-…</code> objects
        </label>
        <div className="actions">
          <button type="submit" disabled={run.isPending}>
            Run the check
          </button>
          {run.isPending && (
            <>
              <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
                Cancel
              </button>
              <span className="muted" role="status">
                Checking… {steps.filter(Boolean).length}
                {total ? ` of ${total}` : ''} steps
              </span>
            </>
          )}
        </div>
      </form>
      <ErrorMessage error={run.error} what="run the check" />
      {report?.stopped && <p className="failed">{report.stopped}</p>}
      {shown.length > 0 && (
        <>
          <p className={report ? (report.counts.fail ? 'failed' : 'ok') : 'muted'} role={report ? 'status' : undefined}>
            {report ? `${report.baseUrl}: ` : ''}
            {totals(shown)}
            {report &&
              ` · removed the ${report.cleanup.removed} object(s) it created${report.cleanup.left.length ? `; could not remove ${report.cleanup.left.length}` : ''}`}
          </p>
          <ol className="check-steps" aria-label="Check steps">
            {shown.filter(Boolean).map((step) => (
              <li key={step.id} className={`check-step ${step.verdict}`}>
                <details>
                  <summary>
                    <span
                      className="verdict"
                      aria-label={VERDICT_WORDS[step.verdict]}
                      title={VERDICT_WORDS[step.verdict]}
                    >
                      {VERDICT_MARKS[step.verdict]}
                    </span>{' '}
                    <strong>{step.title}</strong> — {step.reason}
                  </summary>
                  {step.advice && <p className="advice">{step.advice}</p>}
                  <p className="muted">
                    {step.profile} · {step.source} · <code>{step.id}</code>
                  </p>
                  {step.exchanges.map((ex, i) => (
                    <div key={i} className="exchange">
                      <code>
                        {ex.method} {ex.path}
                      </code>{' '}
                      → {ex.status ?? ex.problem ?? 'no answer'} <span className="muted">({ex.ms} ms)</span>
                      {ex.requestBody !== null && <pre>{JSON.stringify(ex.requestBody, null, 2)}</pre>}
                      {ex.responseText && <pre>{ex.responseText}</pre>}
                    </div>
                  ))}
                </details>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
