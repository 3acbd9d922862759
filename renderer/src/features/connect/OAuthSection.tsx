import { CopyButton } from '../../components/CopyButton';
import type { EndpointCredentials } from '../endpoints/use-endpoints';
import { endpointTokenUrl } from './endpoint-urls';

/** Entra's other authentication method: OAuth 2.0 client credentials instead of the Secret Token. */
export function OAuthSection({ endpoint, host }: { endpoint: EndpointCredentials; host: string | null }) {
  const tokenUrl = host ? endpointTokenUrl(host, endpoint.oauth.tokenUrl) : null;
  return (
    <section aria-labelledby="oauth-heading" className="oauth">
      <h2 id="oauth-heading">OAuth 2.0 client credentials (instead of the Secret Token)</h2>
      <p className="muted">
        For Entra&apos;s <em>OAuth2 client credentials grant</em> authentication method. Issued access tokens last an
        hour; the Tenant URL stays the same.
      </p>
      <dl className="pairs">
        <dt>Token endpoint</dt>
        <dd>
          {tokenUrl ? (
            <>
              <code>{tokenUrl}</code> <CopyButton text={tokenUrl} label="Copy token endpoint" />
            </>
          ) : (
            <span className="muted">Give your tunnel&apos;s host in step 1 first.</span>
          )}
        </dd>
        <dt>Client ID</dt>
        <dd>
          <code>{endpoint.oauth.clientId}</code> <CopyButton text={endpoint.oauth.clientId} label="Copy client ID" />
        </dd>
        <dt>Client secret</dt>
        <dd>
          <CopyButton text={endpoint.oauth.clientSecret} label="Copy client secret" />
        </dd>
      </dl>
    </section>
  );
}
