/** Bearer authentication for the SCIM listener: 401 with a SCIM Error and WWW-Authenticate. */
import type { NextFunction, Request, Response } from 'express';
import { ScimError } from '../scim/errors';
import { sendError } from '../http/scim-response';

export function requireBearer(accepts: (token: string) => boolean) {
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
    sendError(res, new ScimError(401, problem), {
      'WWW-Authenticate': `Bearer realm="SCIM Bench"${header ? ', error="invalid_token"' : ''}`,
    });
  };
}
