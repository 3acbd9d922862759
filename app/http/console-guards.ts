/**
 * What a console API request must look like before it is even authenticated.
 *
 * Threat model: other pages on this machine — including other ports on 127.0.0.1, which are
 * *same-site* for the browser, so SameSite cookies go along — can send requests here. A browser
 * says where a request comes from (`Sec-Fetch-Site`, `Origin`); a script with the console key sends
 * neither and stays allowed, since it proves itself with the key.
 */
import type { Request } from 'express';

/** Why a request from a browser did not come from the console's own page, or null when it did. */
export function crossOriginReason(req: Request): string | null {
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin')
    return `the request came from another site or origin (Sec-Fetch-Site: ${site})`;
  const origin = req.get('origin');
  // The Host header was already checked to name this console's own loopback port.
  if (origin !== undefined && origin !== `http://${req.get('host')}`)
    return `the request came from ${origin}, not from the console's own page`;
  return null;
}

/** Commands carry JSON and nothing else: no form or `text/plain` post (a "simple" cross-site request) gets in. */
export const isJsonRequest = (req: Request): boolean =>
  /^application\/json\s*(;|$)/i.test(req.get('content-type') ?? '');
