/** OAuth 2.0 client credentials (RFC 6749 §4.4) for `check`: a token fetched once, and again when it expires. */
import { readCapped, REQUEST_TIMEOUT_MS } from './check-http';

/** A token answer is a few hundred bytes (a JWT a few KB); past this it is refused, not read. */
export const MAX_TOKEN_ANSWER_BYTES = 64 * 1024;

const jsonOrNull = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null; // not JSON: no access_token, which is said
  }
};

export function clientCredentials(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  timeoutMs = REQUEST_TIMEOUT_MS,
) {
  let cached: { token: string; until: number } | null = null;
  return async (): Promise<string> => {
    if (cached && Date.now() < cached.until) return `Bearer ${cached.token}`;
    let response: Response;
    let read: { text: string; cut: boolean };
    try {
      response = await fetch(tokenUrl, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs), // covers the body too
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
        }),
      });
      read = await readCapped(response, MAX_TOKEN_ANSWER_BYTES);
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError') throw new Error(`the token URL did not answer within ${timeoutMs / 1000} s`);
      throw new Error(`the token URL did not answer: ${e.cause?.code ?? e.message}`);
    }
    if (read.cut)
      throw new Error(`the token URL's answer is larger than ${MAX_TOKEN_ANSWER_BYTES / 1024} KB; it was not read`);
    const body = jsonOrNull(read.text) as { access_token?: unknown; expires_in?: unknown } | null;
    if (response.status !== 200 || typeof body?.access_token !== 'string')
      throw new Error(`the token URL answered ${response.status} without an access_token`);
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 300;
    cached = { token: body.access_token, until: Date.now() + Math.max(0, seconds - 30) * 1000 };
    return `Bearer ${cached.token}`;
  };
}
