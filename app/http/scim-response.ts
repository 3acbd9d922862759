/** Writing SCIM responses: one content type, errors always as SCIM Error documents. */
import type { Response } from 'express';
import { ScimError } from '../scim/errors';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/**
 * Writes straight to node's response: Express's res.send() adds content negotiation, freshness
 * and ETag work that SCIM does not want (our ETags are resource versions) and that costs a
 * measurable share of a lookup.
 */
export function sendScim(res: Response, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (body === undefined || status === 204 || status === 304) {
    res.end();
    return;
  }
  const payload = Buffer.from(JSON.stringify(body));
  res.setHeader('Content-Type', SCIM_CONTENT_TYPE);
  res.setHeader('Content-Length', payload.length);
  res.end(res.req.method === 'HEAD' ? undefined : payload);
}

export function sendError(res: Response, error: ScimError, headers: Record<string, string> = {}): void {
  res.locals.errorDetail = error.detail;
  sendScim(res, error.status, error.toJSON(), headers);
}
