import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { useSelectedEndpoint } from '../endpoints/use-endpoints';
import { EntraValues } from './EntraValues';
import { FirstCycle } from './FirstCycle';
import { OAuthSection } from './OAuthSection';
import { TestStep } from './TestStep';
import { TunnelStep } from './TunnelStep';
import { useTunnelHost } from './use-tunnel-host';
import './connect.css';

function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <li>
      <section aria-labelledby={`step-${n}`}>
        <h3 id={`step-${n}`}>
          <span className="step-number">{n}</span> {title}
        </h3>
        {children}
      </section>
    </li>
  );
}

/** Connecting Entra (or Okta) through a tunnel, as numbered steps an admin can follow without the README. */
export function ConnectScreen() {
  const bench = useBench();
  const { data: info } = useQuery({ queryKey: queryKeys.info, queryFn: () => bench.info.get() });
  const endpoint = useSelectedEndpoint();
  const tunnel = useTunnelHost();
  if (!info || !endpoint || !tunnel.loaded) return null;
  return (
    <section className="panel connect" aria-label="Connect">
      <h2>Connect Entra ID{endpoint.isDefault ? '' : ` to the endpoint ${endpoint.name}`}</h2>
      <ol className="connect-steps">
        <Step n={1} title="Expose the SCIM port">
          <TunnelStep info={info} tunnel={tunnel} />
        </Step>
        <Step n={2} title="Paste the Tenant URL and Secret Token into Entra">
          <EntraValues endpoint={endpoint} host={tunnel.host} />
        </Step>
        <Step n={3} title="Test through the tunnel">
          <TestStep endpoint={endpoint} host={tunnel.host} />
        </Step>
        <Step n={4} title="Start provisioning and watch the first cycle arrive">
          <FirstCycle endpoint={endpoint.id} />
        </Step>
      </ol>
      <OAuthSection endpoint={endpoint} host={tunnel.host} />
      <p className="muted">
        Okta: the Tenant URL is the SCIM connector base URL; authentication <em>HTTP Header</em> with the Secret Token.
        This machine&apos;s own endpoint is <code>{endpoint.scimUrl}</code>.
      </p>
    </section>
  );
}
