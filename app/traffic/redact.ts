/**
 * Secrets never reach the traffic log. Threat model: the traffic database, exports and screenshots
 * get shared with colleagues and vendors; a bearer token in them is a live credential to whatever
 * the user pointed Entra at, a password a live credential to the user's account. So credentials
 * are replaced before an entry is built, not on display.
 *
 * By meaning, not by spelling: a password is masked however it is addressed — a key (`password`,
 * `urn:…:User:password`, `pass\u0077ord`), the value of a PATCH operation whose path names it, a
 * Bulk operation's data, a form or query parameter, a filter comparing it. And fail closed: a body
 * that may hold a secret but cannot be walked (not valid JSON, nested too deep) is withheld with a
 * marker saying why, never stored raw. Every secret found is also handed to `found`, so that the
 * same value can be scrubbed from everything else recorded (scrub.ts).
 */

import { MAYBE_SECRET, isSecretName } from '../scim/secret-names';
import { MASK, maskFilter } from './mask-filter';

export { MASK, isSecretName, maskFilter };

/** Deeper than any resource the bench accepts (app/scim/json-body.ts refuses past 32 levels). */
export const MAX_WALK_DEPTH = 64;
export const WITHHELD = '[withheld:';

/** Receives every secret value found, to scrub it from the rest of the entry. */
export type Found = (secret: string) => void;

/** The form media type exactly (parameters allowed): `application/json; x=x-www-form-urlencoded` is JSON. */
const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\s*(?:;|$)/i;

class TooDeep extends Error {}

/** Booleans and nulls carry no secret (`passwordNeverExpires: true` stays readable). */
const holdsSecret = (value: unknown) => value !== null && typeof value !== 'boolean';

/** Walks parsed JSON, masking secrets by meaning; `changed` says whether anything was. */
class Masker {
  changed = false;
  constructor(private readonly found: Found) {}

  value(node: unknown, depth = 0): unknown {
    if (node === null || typeof node !== 'object') return node;
    if (depth >= MAX_WALK_DEPTH) throw new TooDeep();
    if (Array.isArray(node)) return node.map((item) => this.value(item, depth + 1));
    const entries = Object.entries(node);
    // A PATCH operation (alone, in a PatchOp, in a Bulk operation's data) whose path names a secret.
    // Fail closed: `{"Path":"nickName","path":"password","value":…}` — if any spelling of `path`
    // names a secret (or is not a plain string), every spelling of `value` is masked.
    const targetsSecret = entries.some(
      ([key, p]) => key.toLowerCase() === 'path' && (typeof p === 'string' ? isSecretName(p) : p != null),
    );
    // Null prototype: a `__proto__` key from a client is data, not the object's prototype.
    const out = Object.create(null) as Record<string, unknown>;
    for (const [key, v] of entries) {
      const secret = isSecretName(key) || (targetsSecret && key.toLowerCase() === 'value');
      if (secret && holdsSecret(v)) out[key] = this.mask(v);
      else if (key.toLowerCase() === 'filter' && typeof v === 'string') out[key] = this.filter(v);
      else out[key] = this.value(v, depth + 1);
    }
    return out;
  }

  /** The whole value goes; every string or number in it is a secret to scrub elsewhere. */
  mask(value: unknown): string {
    this.changed = true;
    const stack = [value];
    while (stack.length) {
      const node = stack.pop();
      if (typeof node === 'string' || typeof node === 'number') this.found(String(node));
      else if (node && typeof node === 'object') stack.push(...Object.values(node));
    }
    return MASK;
  }

  filter(text: string): string {
    const masked = maskFilter(text, this.found);
    if (masked !== text) this.changed = true;
    return masked;
  }
}

/** Masks a parsed JSON value by meaning (resources before and after a change). Throws past the depth limit. */
export function maskJson<T>(value: T, found: Found): T {
  return new Masker(found).value(value) as T;
}

/** Whether a walk of this value would pass the depth limit. */
export const isTooDeep = (error: unknown) => error instanceof TooDeep;

const decodeParam = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s; // malformed percent-encoding: the server reads it as sent, so does this
  }
};

/**
 * A query string or form body, as sent, with the values of secret parameters masked
 * (`access_token=…`, `client_secret=…`) and secret comparisons in a `filter` masked.
 */
export function redactParams(raw: string, found: Found): string {
  if (!raw || (!MAYBE_SECRET.test(raw) && !raw.includes('%'))) return raw; // %-escapes can spell a name
  return raw
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = decodeParam(eq < 0 ? part : part.slice(0, eq));
      if (eq < 0) return part;
      const rawValue = part.slice(eq + 1);
      const value = decodeParam(rawValue);
      if (isSecretName(name)) {
        found(value);
        found(rawValue);
        return `${part.slice(0, eq)}=${MASK}`;
      }
      if (name.toLowerCase() === 'filter') {
        const masked = maskFilter(value, found);
        return masked === value ? part : `${part.slice(0, eq)}=${encodeURIComponent(masked)}`;
      }
      return part;
    })
    .join('&');
}

const withhold = (body: string, why: string) => {
  const word = MAYBE_SECRET.exec(body)?.[0] ?? '';
  return `${WITHHELD} ${Buffer.byteLength(body)} bytes that ${why} and may hold a secret (they contain "${word}"), so they could not be masked]`;
};

/**
 * A request or response body as recorded: JSON masked by meaning (unchanged text when there is
 * nothing to mask), form bodies by parameter, and anything that may hold a secret but cannot be
 * walked withheld. Text without a secret word is kept as sent (malformed bodies are what the user
 * needs to see).
 */
export function redactBody(body: string, contentType: string | undefined, found: Found): string {
  if (!body) return body;
  if (FORM_TYPE.test(contentType ?? '')) return redactParams(body, found);
  if (!MAYBE_SECRET.test(body)) return body;
  // Any other type is read as JSON first, whatever it claims: the SCIM port parses bodies by what
  // they are, and a label must not decide whether a password in one is masked.
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return withhold(body, 'are not valid JSON');
  }
  const masker = new Masker(found);
  try {
    const masked = masker.value(parsed);
    return masker.changed ? JSON.stringify(masked) : body;
  } catch (error) {
    if (error instanceof TooDeep) return withhold(body, `are JSON nested more than ${MAX_WALK_DEPTH} levels deep`);
    throw error;
  }
}

/** `Bearer abc…` → `Bearer [redacted, fingerprint 1a2b3c4d]`. */
export function redactAuthorization(value: string, fingerprint: (secret: string) => string): string {
  const match = /^(\S+)\s+(.+)$/.exec(value.trim());
  if (!match) return `[redacted, fingerprint ${fingerprint(value)}]`;
  return `${match[1]} [redacted, fingerprint ${fingerprint(match[2]!)}]`;
}

/** Credentials in an Authorization header, as a body or a page might echo them. */
function authorizationSecrets(value: string, found: Found): void {
  const match = /^(\S+)\s+(\S+)/.exec(value.trim());
  const credential = match?.[2] ?? value.trim();
  found(credential);
  if (match && /^basic$/i.test(match[1]!)) {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    found(decoded);
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      found(decoded.slice(colon + 1));
      found(decodeParam(decoded.slice(colon + 1)));
    }
  }
}

/** The console's own label (compared in capture), never recorded. */
export const CONSOLE_HEADER_NAME = 'X-Scim-Bench-Console';
export const CONSOLE_HEADER = CONSOLE_HEADER_NAME.toLowerCase();

/** Headers as recorded: lower-case names, credentials replaced by (keyed) fingerprints, cookies dropped. */
export function redactHeaders(
  headers: Record<string, string | string[] | number | undefined>,
  fingerprint: (secret: string) => string,
  found: Found,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : String(raw);
    const lower = name.toLowerCase();
    if (lower === CONSOLE_HEADER) continue;
    // Authorization, Proxy-Authorization, and what proxies forward it as (X-Forwarded-Authorization).
    if (/(?:^|-)authorization$/.test(lower)) {
      authorizationSecrets(value, found);
      out[lower] = redactAuthorization(value, fingerprint);
    } else if (lower === 'cookie' || lower === 'set-cookie') out[lower] = '[redacted]';
    else if (isSecretName(lower.replace(/-/g, '_'))) {
      found(value);
      out[lower] = `[redacted, fingerprint ${fingerprint(value)}]`;
    } else out[lower] = value;
  }
  return out;
}
