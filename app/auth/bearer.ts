/**
 * Bearer authentication for the SCIM listener: the first thing a request meets after capture.
 * A request without a valid credential never has its body read beyond a small head, and is
 * answered 401 (a SCIM Error with WWW-Authenticate) on a connection that then closes, so a slow
 * upload cannot hold it. Failures are throttled (failure-throttle.ts); valid credentials never are.
 */
import type { NextFunction, Request, Response } from 'express';
import { ScimError } from '../scim/errors';
import { refuse } from '../http/refuse';
import { sendError } from '../http/scim-response';
import type { FailureThrottle } from './failure-throttle';

export function requireBearer(accepts: (token: string) => boolean, throttle: FailureThrottle) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    let problem: string | null = null;
    if (!header)
      problem = 'No Authorization header: send "Authorization: Bearer <token>" with the token SCIM Bench shows';
    else if (!match) problem = 'The Authorization header is not a Bearer token';
    else if (!accepts(match[1]!)) problem = 'The bearer token is not valid for this SCIM Bench (or it has expired)';
    if (!problem) {
      res.locals.authenticated = true;
      return next();
    }
    res.locals.operation = 'auth-failed';
    void refuse(req, res, throttle, (retryAfterS) =>
      retryAfterS === null
        ? sendError(res, new ScimError(401, problem), {
            'WWW-Authenticate': `Bearer realm="SCIM Bench"${header ? ', error="invalid_token"' : ''}`,
          })
        : sendError(res, new ScimError(429, `Too many failed authentications; retry in ${retryAfterS} s`)),
    );
  };
}
