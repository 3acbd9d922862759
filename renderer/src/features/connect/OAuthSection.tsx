import type { BenchInfo } from '../../../../shared/types';
import { oauthTokenUrl } from '../../../../shared/tunnel-host';
import { CopyButton } from '../../components/CopyButton';

/** Entra's other authentication method: OAuth 2.0 client credentials instead of the Secret Token. */
export function OAuthSection({ info, host }: { info: BenchInfo; host: string | null }) {
  const tokenUrl = host ? oauthTokenUrl(host) : null;
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
          <code>{info.oauth.clientId}</code> <CopyButton text={info.oauth.clientId} label="Copy client ID" />
        </dd>
        <dt>Client secret</dt>
        <dd>
          <CopyButton text={info.oauth.clientSecret} label="Copy client secret" />
        </dd>
      </dl>
    </section>
  );
}
