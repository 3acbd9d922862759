/**
 * Bearer-token authentication for the SCIM listener. Tokens are compared as SHA-256 digests with
 * timingSafeEqual, so neither length nor content leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ScimError } from '../scim/errors';
import { sendError } from './scim-response';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Express middleware: 401 with a SCIM Error and WWW-Authenticate unless a valid bearer token is sent. */
export function requireBearer(currentToken: () => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    let problem: string | null = null;
    if (!header)
      problem = 'No Authorization header: send "Authorization: Bearer <token>" with the token SCIM Bench shows';
    else if (!match) problem = 'The Authorization header is not a Bearer token';
    else if (!tokenMatches(match[1]!, currentToken())) problem = 'The bearer token is not valid for this SCIM Bench';
    if (!problem) return next();
    res.locals.operation = 'auth-failed';
    sendError(res, new ScimError(401, problem), {
      'WWW-Authenticate': `Bearer realm="SCIM Bench"${header ? ', error="invalid_token"' : ''}`,
    });
  };
}
