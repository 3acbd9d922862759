import { useMutation } from '@tanstack/react-query';
import { useBench } from '../../api/bench-context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { endpointParam, type EndpointCredentials } from '../endpoints/use-endpoints';
import { endpointTenantUrl } from './endpoint-urls';

/** Step 3: Entra's own probe through the tunnel (or on this machine), each step's outcome in words. */
export function TestStep({ endpoint, host }: { endpoint: EndpointCredentials; host: string | null }) {
  const bench = useBench();
  const test = useMutation({
    mutationFn: async (url: string | null) => ({
      url: url ?? endpoint.scimUrl,
      steps: await bench.connect.test(url ?? undefined, endpointParam(endpoint.id)),
    }),
  });
  const passed = test.data?.steps.every((s) => s.ok);
  return (
    <>
      <p>
        Before Entra does: the same four requests Entra&apos;s <em>Test Connection</em> sends, through the whole path
        Entra will use.
      </p>
      <div className="actions">
        <button
          type="button"
          onClick={() => host && test.mutate(endpointTenantUrl(host, endpoint.scimUrl))}
          disabled={!host || test.isPending}
          title={host ? undefined : 'Give the tunnel host in step 1 first'}
        >
          Test through the tunnel
        </button>
        <button type="button" onClick={() => test.mutate(null)} disabled={test.isPending}>
          Test the local endpoint
        </button>
        {test.isPending && <span className="muted">Testing…</span>}
      </div>
      <ErrorMessage error={test.error} what="run the test" />
      {test.data && (
        <>
          <p className={passed ? 'ok' : 'failed'}>
            {passed ? '✓ ' : '✗ '}
            {test.data.url}: {passed ? 'every step passed.' : 'not ready yet.'}
          </p>
          <ul aria-label="Connection test" className="steps">
            {test.data.steps.map((s) => (
              <li key={s.name} className={s.ok ? 'ok' : 'failed'}>
                {s.ok ? '✓' : '✗'} {s.name} — {s.detail}
                {s.ms > 0 && <span className="muted"> ({s.ms} ms)</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">
        Then click <em>Test Connection</em> in Entra: its requests appear in Traffic. If Entra says the credentials are
        invalid, the Secret Token pasted there is not the one in step 2.
      </p>
    </>
  );
}
