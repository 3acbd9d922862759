/**
 * The OAuth 2.0 token endpoint for Entra's "OAuth2 client credentials grant" (RFC 6749 §4.4):
 * form-encoded, client credentials in the Basic header or the body, answered with no-store.
 */
import type { Request, Response } from 'express';
import type { Credentials } from './credentials';

export const TOKEN_PATH = '/oauth/token';

function fail(res: Response, status: number, error: string, description: string, headers: Record<string, string> = {}) {
  res.locals.operation = 'oauth-token-refused';
  res.locals.errorDetail = description;
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers })
    .json({ error, error_description: description });
}

export function tokenEndpoint(credentials: Credentials) {
  return (req: Request, res: Response) => {
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.get('content-type') ?? ''))
      return fail(res, 400, 'invalid_request', 'Send the token request as application/x-www-form-urlencoded');
    const form = new URLSearchParams((res.locals.rawBody as string | undefined) ?? '');
    if (form.get('grant_type') !== 'client_credentials')
      return fail(res, 400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    let clientId = form.get('client_id');
    let clientSecret = form.get('client_secret');
    const basic = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const issued = clientId && clientSecret ? credentials.issue(clientId, clientSecret) : null;
    if (!issued)
      return fail(res, 401, 'invalid_client', 'Unknown client or wrong secret (see Connect in the console)', {
        'WWW-Authenticate': 'Basic realm="SCIM Bench"',
      });
    res.locals.operation = 'oauth-token';
    res.locals.authenticated = true;
    res.status(200).set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json({
      access_token: issued.accessToken,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
    });
  };
}
