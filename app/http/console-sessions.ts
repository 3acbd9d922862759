/**
 * Console sessions for `serve`, held in memory only (they end with the process).
 *
 * Threat model: browsers do not isolate cookies by port, so every page served from another port on
 * 127.0.0.1 receives our cookie, and its owner can replay it from any HTTP client, forging Origin
 * and Sec-Fetch-Site at will. So a session has two halves, and a request needs both:
 * - the cookie carries a random session id — never the console key;
 * - the page holds a random page token in its own origin's storage (which, unlike cookies, is
 *   isolated by port) and sends it as a header. It is handed over once, in the address the login
 *   redirects to, and is never in a cookie.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ConsoleSession {
  /** Goes into the cookie. */
  id: string;
  /** Goes to the page once; it sends it back as `X-Console-Session`. */
  pageToken: string;
}

/** Sessions kept at most; the oldest goes first (only the key holder can create them). */
export const MAX_SESSIONS = 64;

/** Equal strings, compared in constant time whatever their lengths. */
export const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

export class ConsoleSessions {
  private readonly tokens = new Map<string, string>();

  /** A new session; call only after the console key was checked. */
  create(): ConsoleSession {
    const session = { id: randomBytes(32).toString('base64url'), pageToken: randomBytes(32).toString('base64url') };
    this.tokens.set(session.id, session.pageToken);
    for (const oldest of this.tokens.keys()) {
      if (this.tokens.size <= MAX_SESSIONS) break;
      this.tokens.delete(oldest);
    }
    return session;
  }

  /** True when both halves belong to the same live session. */
  accepts(id: string | undefined, pageToken: string | undefined): boolean {
    if (!id || !pageToken) return false;
    const expected = this.tokens.get(id);
    return expected !== undefined && sameSecret(pageToken, expected);
  }
}

/** One cookie name per console port, so two benches on one machine never overwrite each other's session. */
export const sessionCookieName = (port: number): string => `scim_bench_session_${port}`;
