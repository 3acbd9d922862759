/**
 * Console sessions for `serve`, derived from the console key, so they survive a restart as the
 * key does (console-key.ts) and all end when it is rotated.
 *
 * Threat model: browsers do not isolate cookies by port, so every page served from another port on
 * 127.0.0.1 receives our cookie, and its owner can replay it from any HTTP client, forging Origin
 * and Sec-Fetch-Site at will. So a session has two halves, and a request needs both:
 * - the cookie carries a random session id — never the console key;
 * - the page holds the page token in its own origin's storage (which, unlike cookies, is isolated
 *   by port) and sends it as a header. It is handed over once, in the address the login redirects
 *   to, and is never in a cookie.
 * The page token is an HMAC of the session id under the console key: nothing is kept in memory,
 * and only a holder of the key can make a token for an id — a leaked cookie opens nothing.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ConsoleSession {
  /** Goes into the cookie. */
  id: string;
  /** Goes to the page once; it sends it back as `X-Console-Session`. */
  pageToken: string;
}

/** Equal strings, compared in constant time whatever their lengths. */
export const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

export class ConsoleSessions {
  /** `key`: the console key now (a getter: rotating it ends every session). */
  constructor(private readonly key: () => string) {}

  /** The page token of a session id ("console-session:" keeps it apart from any other use of the key). */
  private pageToken(id: string): string {
    return createHmac('sha256', this.key()).update(`console-session:${id}`).digest('base64url');
  }

  /** A new session; call only after the console key was checked. */
  create(): ConsoleSession {
    const id = randomBytes(32).toString('base64url');
    return { id, pageToken: this.pageToken(id) };
  }

  /** True when both halves belong to one session under the current key. */
  accepts(id: string | undefined, pageToken: string | undefined): boolean {
    if (!id || !pageToken) return false;
    return sameSecret(pageToken, this.pageToken(id));
  }
}

/** One cookie name per console port, so two benches on one machine never overwrite each other's session. */
export const sessionCookieName = (port: number): string => `scim_bench_session_${port}`;
