/**
 * Bearer authentication for the SCIM listener: the first thing a request meets after capture.
 * A request without a valid credential never has its body read beyond a small head, and is
 * answered 401 (a SCIM Error with WWW-Authenticate) on a connection that then closes, so a slow
 * upload cannot hold it. Failures are throttled (failure-throttle.ts); valid credentials never are.
 */
import type { NextFunction, Request, Response } from 'express';
import type { DialectNote } from '../../shared/types';
import { ScimError } from '../scim/errors';
import { refuse } from '../http/refuse';
import { sendError } from '../http/scim-response';
import type { Accepted } from './credentials';
import type { FailureThrottle } from './failure-throttle';

/** "20:52 UTC", or "20:52 UTC on 3 Feb" when that is not today (in this machine's time zone). */
export function clockTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  if (at.toDateString() === now.toDateString()) return time;
  return `${time} on ${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}`;
}

/** The traffic note for a request that used the rotated-out token: the client's config is behind. */
export const previousTokenNote = (validUntil: string): DialectNote => ({
  code: 'previous-token',
  message: `still using the previous token, which stops working at ${clockTime(validUntil)}`,
});

/**
 * Sets `res.locals.authenticated` and, for the previous token, `res.locals.benchNotes` (capture
 * adds them to the entry's notes): the user sees that the client still has the old token while
 * there is time to update it, not when its grace period ends and every request fails.
 */
export function requireBearer(accepts: (token: string, res: Response) => Accepted | null, throttle: FailureThrottle) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    let problem: string | null = null;
    const accepted = match ? accepts(match[1]!, res) : null;
    if (!header)
      problem = 'No Authorization header: send "Authorization: Bearer <token>" with the token SCIM Bench shows';
    else if (!match) problem = 'The Authorization header is not a Bearer token';
    else if (!accepted) problem = 'The bearer token is not valid for this SCIM Bench (or it has expired)';
    if (!problem) {
      res.locals.authenticated = true;
      if (accepted?.credential === 'previous-token') res.locals.benchNotes = [previousTokenNote(accepted.validUntil)];
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
