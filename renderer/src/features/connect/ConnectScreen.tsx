import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { CopyButton } from '../../components/CopyButton';
import { ErrorMessage } from '../../components/ErrorMessage';

/** Everything needed to point Entra (or Okta) at the bench through a tunnel, and a test like Entra's. */
export function ConnectScreen() {
  const bench = useBench();
  const client = useQueryClient();
  const { data: info } = useQuery({ queryKey: queryKeys.info, queryFn: () => bench.info.get() });
  const [reveal, setReveal] = useState(false);
  const [tunnel, setTunnel] = useState('');
  const [grace, setGrace] = useState(3600);
  const rotate = useMutation({
    mutationFn: () => bench.info.rotateToken(grace),
    onSuccess: (next) => client.setQueryData(queryKeys.info, next),
  });
  const test = useMutation({ mutationFn: (url?: string) => bench.connect.test(url) });
  if (!info) return null;
  const host = tunnel
    .trim()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
  const tenantUrl = host ? `https://${host}/scim/v2` : null;
  const port = new URL(info.scimUrl).port;

  return (
    <section className="panel" aria-label="Connect">
      <h2>Endpoint</h2>
      <p>
        <code aria-label="Local SCIM endpoint">{info.scimUrl}</code> <CopyButton text={info.scimUrl} />
      </p>
      <h2>Secret token</h2>
      <p>
        <code aria-label="Token">{reveal ? info.token : '•'.repeat(24)}</code>{' '}
        <button type="button" onClick={() => setReveal(!reveal)}>
          {reveal ? 'Hide' : 'Reveal'}
        </button>{' '}
        <CopyButton text={info.token} />
      </p>
      <p>
        <label>
          Keep the old token working for{' '}
          <select aria-label="Grace period" value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
            <option value={0}>no time</option>
            <option value={3600}>1 hour</option>
            <option value={86400}>1 day</option>
          </select>
        </label>{' '}
        <button type="button" onClick={() => rotate.mutate()}>
          Rotate token
        </button>
        {info.previousTokenValidUntil && (
          <span className="muted">
            {' '}
            The previous token works until {new Date(info.previousTokenValidUntil).toLocaleString()}.
          </span>
        )}
      </p>
      <h2>OAuth 2.0 client credentials</h2>
      <dl className="pairs">
        <dt>Token endpoint</dt>
        <dd>
          <code>{tenantUrl ? `https://${host}/oauth/token` : info.oauth.tokenUrl}</code>
        </dd>
        <dt>Client ID</dt>
        <dd>
          <code>{info.oauth.clientId}</code> <CopyButton text={info.oauth.clientId} />
        </dd>
        <dt>Client secret</dt>
        <dd>
          <CopyButton text={info.oauth.clientSecret} label="Copy secret" />
        </dd>
      </dl>
      <h2>Expose it through a tunnel</h2>
      <ul className="muted">
        <li>
          cloudflared: <code>cloudflared tunnel --url http://127.0.0.1:{port}</code>
        </li>
        <li>
          ngrok: <code>ngrok http {port}</code>
        </li>
        <li>
          Dev Tunnels: <code>devtunnel host -p {port} --allow-anonymous</code>
        </li>
      </ul>
      <p className="muted">Start the bench with --trust-proxy so resource locations carry the tunnel's host.</p>
      <label>
        Your tunnel's public host
        <input
          aria-label="Tunnel host"
          placeholder="example.trycloudflare.com"
          value={tunnel}
          onChange={(e) => setTunnel(e.target.value)}
        />
      </label>
      {tenantUrl && (
        <p>
          Tenant URL for Entra: <code aria-label="Tenant URL">{tenantUrl}</code> <CopyButton text={tenantUrl} />
        </p>
      )}
      <h2>Test connection</h2>
      <p>
        <button type="button" onClick={() => test.mutate(undefined)} disabled={test.isPending}>
          Test the local endpoint
        </button>{' '}
        {tenantUrl && (
          <button type="button" onClick={() => test.mutate(tenantUrl)} disabled={test.isPending}>
            Test through the tunnel
          </button>
        )}
      </p>
      <ErrorMessage error={test.error ?? rotate.error} what="do that" />
      {test.data && (
        <ul aria-label="Connection test" className="steps">
          {test.data.map((s) => (
            <li key={s.name} className={s.ok ? 'ok' : 'failed'}>
              {s.ok ? '✓' : '✗'} {s.name} — {s.detail} ({s.ms} ms)
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
