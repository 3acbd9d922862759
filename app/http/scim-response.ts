/** Writing SCIM responses: one content type, errors always as SCIM Error documents. */
import type { Response } from 'express';
import { ScimError } from '../scim/errors';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

export function sendScim(res: Response, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.status(status).set(headers);
  if (body === undefined || status === 204 || status === 304) {
    res.end();
    return;
  }
  res.type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

export function sendError(res: Response, error: ScimError, headers: Record<string, string> = {}): void {
  res.locals.errorDetail = error.detail;
  sendScim(res, error.status, error.toJSON(), headers);
}
