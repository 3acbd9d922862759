import { useState } from 'react';
import type { EndpointCredentials } from '../endpoints/use-endpoints';
import { endpointTenantUrl } from './endpoint-urls';
import { CopyButton } from '../../components/CopyButton';
import { RotateToken } from './RotateToken';

/** Step 2: the two values Entra asks for, large, each with its copy button. */
export function EntraValues({ endpoint, host }: { endpoint: EndpointCredentials; host: string | null }) {
  const [reveal, setReveal] = useState(false);
  const url = host ? endpointTenantUrl(host, endpoint.scimUrl) : null;
  return (
    <>
      <p>
        In Entra: Enterprise applications → your app → Provisioning → Provisioning Mode <em>Automatic</em> → Admin
        Credentials. Paste these two:
      </p>
      <div className="entra-values">
        {url ? (
          <>
            <label htmlFor="tenant-url">Tenant URL</label>
            <div className="entra-value">
              <input id="tenant-url" readOnly value={url} onFocus={(e) => e.target.select()} />
              <CopyButton text={url} label="Copy Tenant URL" />
            </div>
          </>
        ) : (
          <>
            <span className="entra-label">Tenant URL</span>
            <p className="muted">Give your tunnel&apos;s host in step 1 first: the Tenant URL is built from it.</p>
          </>
        )}
        <label htmlFor="secret-token">Secret Token</label>
        <div className="entra-value">
          {/* Masked by the browser until revealed; it is never shown in traffic, exports or logs. */}
          <input id="secret-token" readOnly type={reveal ? 'text' : 'password'} value={endpoint.token} />
          <button type="button" onClick={() => setReveal(!reveal)}>
            {reveal ? 'Hide' : 'Reveal'}
          </button>
          <CopyButton text={endpoint.token} label="Copy Secret Token" />
        </div>
      </div>
      <RotateToken endpoint={endpoint} />
    </>
  );
}
