/**
 * The checker's HTTP client. The server under test is not trusted (docs/check.md): every request
 * has a timeout, an answer is read to at most MAX_BODY_BYTES, a redirect is reported and never
 * followed, and every request goes to the base URL's origin — nothing the server answers (a
 * `Location`, a `meta.location`) can send the token anywhere else. What an exchange keeps has the
 * target's secrets masked, wherever the server repeated them.
 */
import { performance } from 'node:perf_hooks';
import type { Exchange } from '../../shared/check';
import { maskJson } from '../traffic/redact';
import { Scrubber } from '../traffic/scrub';

export type { Exchange } from '../../shared/check';

export const REQUEST_TIMEOUT_MS = 15_000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Deeper JSON is not read: serialising it for a report or the console's events overflows the stack. */
export const MAX_JSON_DEPTH = 64;

export interface CheckTarget {
  /** The SCIM base URL, without a trailing slash: `https://app.example.com/scim/v2`. */
  baseUrl: string;
  /** A function, so an OAuth token can be renewed between requests. */
  authorization: () => Promise<string>;
  userAgent: string;
  timeoutMs?: number;
}

/**
 * Each target's secrets — the token, the passwords sent — hunted in what the server answers: a
 * server that echoes them (in a body, a header, a `Location`) must not get them into a report,
 * which may be shared. A WeakMap, so a target needs nothing to carry it.
 */
const scrubbers = new WeakMap<CheckTarget, Scrubber>();

function secretsOf(target: CheckTarget): Scrubber {
  let secrets = scrubbers.get(target);
  if (!secrets) scrubbers.set(target, (secrets = new Scrubber()));
  return secrets;
}

/** A secret of this target that its requests do not carry, but an answer might repeat (an OAuth client secret). */
export const addSecret = (target: CheckTarget, secret: string) => secretsOf(target).add(secret);

/** Scrubber.json, keeping plain objects as JSON.parse made them (a step may print one); at most 64 deep here. */
function scrubJson(value: unknown, secrets: Scrubber): unknown {
  if (typeof value === 'string') return secrets.text(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, secrets));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [secrets.text(k), scrubJson(v, secrets)]));
}

/** The exchange as the report keeps it: every known secret masked wherever it is repeated. */
function scrubbed(ex: Exchange, secrets: Scrubber): Exchange {
  const text = (s: string | null) => (s === null ? s : secrets.text(s));
  return {
    ...ex,
    path: secrets.text(ex.path), // built from ids the server chose
    requestBody: scrubJson(ex.requestBody, secrets), // a PUT resends what the server answered
    contentType: text(ex.contentType),
    responseText: text(ex.responseText),
    json: scrubJson(ex.json, secrets),
    headers: Object.fromEntries(Object.entries(ex.headers).map(([k, v]) => [secrets.text(k), secrets.text(v)])),
    problem: text(ex.problem), // quotes the Location header
  };
}

/** Whether a parsed value nests more than `limit` arrays or objects; iterative, as the value may be 5 MB of `[`. */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Why a request would not reach what its path names below the base, or null. A URL parser
 * resolves `..` and `%2e%2e`, reads `\` as `/`, drops tabs and newlines and cuts at `#`: an id
 * the server chose (`..`) would turn a cleanup DELETE into one on the collection or the base.
 */
function leavesBase(baseUrl: string, path: string): string | null {
  // eslint-disable-next-line no-control-regex -- the parser drops or mangles these: refused, not guessed at
  if (/[\u0000-\u001f\u007f\\#]/.test(path)) return 'its path holds a backslash, a "#" or a control character';
  const segments = path.split('?', 1)[0]!.split('/');
  if (segments.some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment))) return 'its path holds a "." or ".." segment';
  const base = URL.parse(baseUrl);
  const url = URL.parse(baseUrl + path);
  if (!base || !url) return 'it is not a URL';
  const root = base.pathname.replace(/\/+$/, '');
  if (url.origin !== base.origin || (url.pathname !== root && !url.pathname.startsWith(`${root}/`)))
    return `it resolves to ${url.origin}${url.pathname}`;
  return null;
}

/** The body, read to at most `max` bytes (inflated: a gzip bomb is cut, not swallowed). */
export async function readCapped(response: Response, max = MAX_BODY_BYTES): Promise<{ text: string; cut: boolean }> {
  if (!response.body) return { text: '', cut: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return { text: Buffer.concat(chunks).toString('utf8'), cut: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), cut: false };
}

export async function send(
  target: CheckTarget,
  method: string,
  path: string,
  body?: unknown,
  /** The run's interruption (Ctrl+C, Cancel, the bench quitting): it ends a request in flight too. */
  interrupt?: AbortSignal,
): Promise<Exchange> {
  const secrets = secretsOf(target);
  return scrubbed(await exchange(target, secrets, method, path, body, interrupt), secrets);
}

async function exchange(
  target: CheckTarget,
  secrets: Scrubber,
  method: string,
  path: string,
  body: unknown,
  interrupt: AbortSignal | undefined,
): Promise<Exchange> {
  const url = target.baseUrl + path;
  const started = performance.now();
  // What the report keeps of the request: secrets (the password Okta sends) masked, as traffic
  // does, and remembered, to be masked wherever an answer repeats them.
  const base = { method, path, requestBody: body === undefined ? null : maskJson(body, secrets.add) };
  const none = (problem: string): Exchange => ({
    ...base,
    status: null,
    contentType: null,
    responseText: null,
    json: undefined,
    headers: {},
    ms: Math.round(performance.now() - started),
    problem,
  });
  const outside = leavesBase(target.baseUrl, path);
  if (outside) return none(`refused: the request would leave the SCIM base (${outside}); not sent`);
  const timeoutMs = target.timeoutMs ?? REQUEST_TIMEOUT_MS;
  let response: Response;
  try {
    const authorization = await target.authorization();
    secrets.add(authorization);
    secrets.add(authorization.replace(/^\S+\s+/, '')); // the token alone, as "you sent t0k3n" quotes it
    response = await fetch(url, {
      method,
      redirect: 'manual',
      signal: interrupt ? AbortSignal.any([AbortSignal.timeout(timeoutMs), interrupt]) : AbortSignal.timeout(timeoutMs),
      headers: {
        Authorization: authorization,
        Accept: 'application/scim+json',
        'User-Agent': target.userAgent,
        ...(body !== undefined ? { 'Content-Type': 'application/scim+json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError') return none(`no answer within ${timeoutMs / 1000} s`);
    if (interrupt?.aborted) return none('interrupted before an answer came');
    return none(`no answer: ${e.cause?.code ?? e.message}`);
  }
  let read: { text: string; cut: boolean };
  try {
    read = await readCapped(response); // the timeout's signal covers the body too
  } catch {
    if (interrupt?.aborted) return none('interrupted before the answer was read');
    return none(`the answer did not finish within ${timeoutMs / 1000} s`);
  }
  const responseHeaders = Object.fromEntries(response.headers);
  let json: unknown;
  try {
    json = read.text ? JSON.parse(read.text) : undefined;
  } catch {
    json = undefined;
  }
  const redirect = response.status >= 300 && response.status < 400;
  const tooDeep = !read.cut && deeperThan(json, MAX_JSON_DEPTH);
  return {
    ...base,
    status: response.status,
    contentType: response.headers.get('content-type'),
    responseText: read.cut ? secrets.cutTail(secrets.text(read.text)) : read.text, // a secret the cut split
    json: read.cut || tooDeep ? undefined : json,
    headers: responseHeaders,
    ms: Math.round(performance.now() - started),
    problem: read.cut
      ? `the answer is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB; it was not read further`
      : tooDeep
        ? `the answer is nested deeper than ${MAX_JSON_DEPTH} levels; it was not read`
        : redirect
          ? `redirected (${response.status}) to ${response.headers.get('location') ?? 'nowhere'}; not followed, so the token was not sent there`
          : null,
  };
}
