/**
 * The OAuth 2.0 token endpoint for Entra's "OAuth2 client credentials grant" (RFC 6749 §4.4):
 * form-encoded, client credentials in the Basic header (RFC 6749 §2.3.1: each part form-encoded)
 * or the body, answered with no-store. It is reached before any credential is checked, so its body
 * is small, never decompressed, and a wrong secret is throttled like a wrong bearer token.
 */
import type { Request, Response } from 'express';
import { ScimError } from '../scim/errors';
import { trustConnection } from '../http/connection-guard';
import { readBody } from '../http/read-body';
import { refuse } from '../http/refuse';
import type { Credentials } from './credentials';
import type { FailureThrottle } from './failure-throttle';

export const TOKEN_PATH = '/oauth/token';
/** A token request is a few hundred bytes. */
const MAX_TOKEN_REQUEST_BYTES = 16 * 1024;
/**
 * A few hundred bytes arrive in milliseconds, even through a tunnel. Threat model: this endpoint
 * is reached before any credential is checked, so a body trickled a byte a second must not hold a
 * connection for the port's whole 120 s request timeout.
 */
export const TOKEN_BODY_DEADLINE_MS = 5000;

function answer(
  res: Response,
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
) {
  res.locals.operation = 'oauth-token-refused';
  res.locals.errorDetail = description;
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers })
    .json({ error, error_description: description });
}

/** Client id and secret from `Authorization: Basic`, or a reason they cannot be read. */
function basicCredentials(header: string): { clientId: string; clientSecret: string } | { problem: string } | null {
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { problem: 'The Basic credentials must be client_id:client_secret' };
  try {
    const form = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: form(decoded.slice(0, colon)), clientSecret: form(decoded.slice(colon + 1)) };
  } catch {
    return { problem: 'The Basic credentials are not valid form-urlencoding (RFC 6749 §2.3.1)' };
  }
}

/** `credentials` are those of the endpoint the token URL belongs to (null: no such endpoint, refused alike). */
export function tokenEndpoint(credentials: (res: Response) => Credentials | null, throttle: FailureThrottle) {
  return async (req: Request, res: Response) => {
    res.locals.operation = 'oauth-token-refused';
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.get('content-type') ?? ''))
      return answer(res, 400, 'invalid_request', 'Send the token request as application/x-www-form-urlencoded');
    let body;
    try {
      body = await readBody(req, {
        maxBytes: MAX_TOKEN_REQUEST_BYTES,
        maxRatio: 0,
        ratioFloorBytes: 0,
        deadlineMs: TOKEN_BODY_DEADLINE_MS,
      });
    } catch (error) {
      res.setHeader('Connection', 'close');
      return answer(res, error instanceof ScimError ? error.status : 400, 'invalid_request', (error as Error).message);
    }
    res.locals.rawBody = body?.toString('utf8');
    const form = new URLSearchParams(res.locals.rawBody ?? '');
    if (form.get('grant_type') !== 'client_credentials')
      return answer(res, 400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    const basic = basicCredentials(req.get('authorization') ?? '');
    if (basic && 'problem' in basic) return answer(res, 400, 'invalid_request', basic.problem);
    const clientId = basic?.clientId ?? form.get('client_id');
    const clientSecret = basic?.clientSecret ?? form.get('client_secret');
    const issued = clientId && clientSecret ? (credentials(res)?.issue(clientId, clientSecret) ?? null) : null;
    if (!issued)
      return refuse(req, res, throttle, (retryAfterS) =>
        retryAfterS === null
          ? answer(res, 401, 'invalid_client', 'Unknown client or wrong secret (see Connect in the console)', {
              'WWW-Authenticate': 'Basic realm="SCIM Bench"',
            })
          : answer(res, 429, 'invalid_client', `Too many failed token requests; retry in ${retryAfterS} s`),
      );
    res.locals.operation = 'oauth-token';
    res.locals.authenticated = true;
    trustConnection(req.socket);
    res.status(200).set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json({
      access_token: issued.accessToken,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
    });
  };
}
