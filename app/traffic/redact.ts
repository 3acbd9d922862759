/**
 * Secrets never reach the traffic log. Threat model: the traffic database, exports and screenshots
 * get shared with colleagues and vendors; a bearer token in them is a live credential to whatever
 * the user pointed Entra at. So credentials are replaced before an entry is built, not on display.
 */
import { createHash } from 'node:crypto';

/** A short, stable fingerprint: enough to tell two tokens apart, useless to an attacker. */
export const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 8);

/** `Bearer abc…` → `Bearer [redacted, fingerprint 1a2b3c4d]`. */
export function redactAuthorization(value: string): string {
  const match = /^(\S+)\s+(.+)$/.exec(value.trim());
  if (!match) return `[redacted, fingerprint ${fingerprint(value)}]`;
  return `${match[1]} [redacted, fingerprint ${fingerprint(match[2]!)}]`;
}

const SECRET_KEYS = /^(password|client_secret|clientsecret|secret|access_token|refresh_token|token|authorization)$/i;
export const MASK = '********';
/** A quick pre-check on the raw text; only bodies that may hold a secret are parsed. */
const SECRET_KEY_IN_TEXT = /"(password|client_?secret|secret|access_token|refresh_token|token|authorization)"/i;

function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEYS.test(key) && v !== null ? MASK : maskJson(v);
  return out;
}

/** Masks secret fields of a JSON or form-encoded body; other text passes through unchanged. */
export function redactBody(body: string, contentType: string | undefined): string {
  if (!body) return body;
  if (/x-www-form-urlencoded/i.test(contentType ?? '')) {
    const params = new URLSearchParams(body);
    for (const key of [...params.keys()]) if (SECRET_KEYS.test(key)) params.set(key, MASK);
    return params.toString();
  }
  // The common case: nothing to mask, no parse. (\u escapes could spell a key, so they parse.)
  if (!SECRET_KEY_IN_TEXT.test(body) && !body.includes('\\u')) return body;
  try {
    return JSON.stringify(maskJson(JSON.parse(body)));
  } catch {
    return body; // not JSON: kept as sent (malformed bodies are what the user needs to see)
  }
}

/** Headers as recorded: lower-case names, credentials replaced by fingerprints. */
export function redactHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization') out[lower] = redactAuthorization(value);
    else if (lower === 'cookie' || lower === 'set-cookie') out[lower] = '[redacted]';
    else out[lower] = value;
  }
  return out;
}
