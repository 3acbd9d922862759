/** OAuth 2.0 client credentials (RFC 6749 §4.4) for `check`: a token fetched once, and again when it expires. */
import { REQUEST_TIMEOUT_MS } from './check-http';

export function clientCredentials(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  timeoutMs = REQUEST_TIMEOUT_MS,
) {
  let cached: { token: string; until: number } | null = null;
  return async (): Promise<string> => {
    if (cached && Date.now() < cached.until) return `Bearer ${cached.token}`;
    const response = await fetch(tokenUrl, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    });
    const body = (await response.json().catch(() => null)) as { access_token?: unknown; expires_in?: unknown } | null;
    if (response.status !== 200 || typeof body?.access_token !== 'string')
      throw new Error(`the token URL answered ${response.status} without an access_token`);
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 300;
    cached = { token: body.access_token, until: Date.now() + Math.max(0, seconds - 30) * 1000 };
    return `Bearer ${cached.token}`;
  };
}
