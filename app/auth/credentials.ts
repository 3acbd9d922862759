/**
 * Everything a client may authenticate with: the bearer token (and, after a rotation, the previous
 * one until its grace period ends), the OAuth client, and access tokens issued to it. Persisted in
 * the data folder (`credentials.json`, owner-only, written atomically with a last good copy);
 * issued access tokens live in memory only (a client asks for a new one after a restart, as it
 * does on expiry). A change takes effect in memory only once it is on disk: a rotation that could
 * not be saved must not leave the bench accepting a token that the next start will have forgotten.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { dataFile } from '../data-files';
import { readJsonFile, writeJsonFile } from '../fs/atomic-file';

const SAVED = z.object({
  token: z.string().min(1),
  previous: z.object({ token: z.string().min(1), validUntil: z.string() }).optional(),
  oauth: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }),
  /** Keys the token fingerprints in the traffic log (files from older benches have none yet). */
  fingerprintKey: z.string().min(32).optional(),
});
type Saved = z.infer<typeof SAVED> & { fingerprintKey: string };

export const ACCESS_TOKEN_SECONDS = 3600;
/** A fixed token shorter than this can be guessed through a tunnel (issue 11). */
export const MIN_TOKEN_LENGTH = 20;
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison (as digests, so lengths do not leak either). */
export const secretsMatch = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * A fresh token or secret. Never one that starts with "-": it is pasted after `--token` and into
 * curl commands, where a leading dash reads as an option (1 token in 64 was refused as
 * "argument is ambiguous" when given back to `serve --token`).
 */
export function newSecret(): string {
  for (;;) {
    const secret = randomBytes(24).toString('base64url');
    if (!secret.startsWith('-')) return secret;
  }
}

/** A credential `Credentials.accepts` took. */
export type Accepted =
  | { credential: 'token' | 'access-token' }
  | { credential: 'previous-token'; /** ISO time its grace period ends. */ validUntil: string };

/** The credentials cannot be used as given (a short token, a damaged file); the message says what to do. */
export class CredentialsError extends Error {}

export class Credentials {
  private saved: Saved;
  /** sha256(access token) → expiry (ms). */
  private readonly issued = new Map<string, number>();
  /** Set when credentials.json was damaged and its last good copy was used: the host shows it. */
  readonly warning: string | null = null;

  constructor(
    private readonly file: string | null,
    fixedToken: string | null,
    private readonly now: () => number = Date.now,
  ) {
    if (fixedToken !== null && fixedToken.length < MIN_TOKEN_LENGTH)
      throw new CredentialsError(
        `The token must be at least ${MIN_TOKEN_LENGTH} characters (it was ${fixedToken.length}); a short token can be guessed`,
      );
    const read = file ? readJsonFile(file, (value) => SAVED.parse(value)) : ({ state: 'missing' } as const);
    if (read.state === 'damaged')
      throw new CredentialsError(
        `${read.problem}. Move it out of the way to start with a new token and OAuth client (clients will then need the new ones).`,
      );
    if (read.state === 'recovered') this.warning = read.warning;
    const existing = read.state === 'missing' ? null : read.value;
    const saved: Saved = {
      token: existing?.token ?? fixedToken ?? newSecret(),
      ...(existing?.previous ? { previous: existing.previous } : {}),
      oauth: existing?.oauth ?? { clientId: `scim-bench-${randomBytes(4).toString('hex')}`, clientSecret: newSecret() },
      fingerprintKey: existing?.fingerprintKey ?? randomBytes(32).toString('base64url'),
    };
    if (!existing?.fingerprintKey) this.persist(saved);
    // A fixed token applies to this run; it is saved only when there was nothing to keep.
    this.saved = fixedToken ? { ...saved, token: fixedToken } : saved;
  }

  static inDataDir(dataDir: string, fixedToken: string | null): Credentials {
    return new Credentials(dataFile(dataDir, 'credentials'), fixedToken);
  }

  get token(): string {
    return this.saved.token;
  }

  get oauthClient(): { clientId: string; clientSecret: string } {
    return { ...this.saved.oauth };
  }

  get previousValidUntil(): string | null {
    return this.saved.previous && Date.parse(this.saved.previous.validUntil) > this.now()
      ? this.saved.previous.validUntil
      : null;
  }

  /**
   * Which bearer credential `presented` is — the token, the previous token within its grace period
   * (with when it stops working, so traffic can warn that the client still uses it), or an issued
   * access token — or null when it is none of them.
   */
  accepts(presented: string): Accepted | null {
    if (secretsMatch(presented, this.saved.token)) return { credential: 'token' };
    const previous = this.saved.previous;
    if (previous && Date.parse(previous.validUntil) > this.now() && secretsMatch(presented, previous.token))
      return { credential: 'previous-token', validUntil: previous.validUntil };
    const expiry = this.issued.get(digest(presented).toString('hex'));
    return expiry !== undefined && expiry > this.now() ? { credential: 'access-token' } : null;
  }

  /** A new token; the old one keeps working for `graceSeconds` so the client's config can catch up. */
  rotate(graceSeconds: number): void {
    const next: Saved = {
      ...this.saved,
      token: newSecret(),
      previous: { token: this.saved.token, validUntil: new Date(this.now() + graceSeconds * 1000).toISOString() },
    };
    this.persist(next); // throws, leaving the current token in place, if it cannot be saved
    this.saved = next;
  }

  /**
   * A fingerprint of a presented credential for the traffic log: an HMAC keyed with a secret of
   * this install, so two tokens can be told apart but a log cannot be used to test guesses offline.
   */
  fingerprint(secret: string): string {
    return createHmac('sha256', this.saved.fingerprintKey).update(secret, 'utf8').digest('hex').slice(0, 8);
  }

  /** OAuth 2.0 client credentials (RFC 6749 §4.4): an access token for a valid client, else null. */
  issue(clientId: string, clientSecret: string): { accessToken: string; expiresIn: number } | null {
    const ok =
      secretsMatch(clientId, this.saved.oauth.clientId) && secretsMatch(clientSecret, this.saved.oauth.clientSecret);
    if (!ok) return null;
    for (const [key, expiry] of this.issued) if (expiry <= this.now()) this.issued.delete(key);
    const accessToken = newSecret();
    this.issued.set(digest(accessToken).toString('hex'), this.now() + ACCESS_TOKEN_SECONDS * 1000);
    return { accessToken, expiresIn: ACCESS_TOKEN_SECONDS };
  }

  private persist(saved: Saved): void {
    if (this.file) writeJsonFile(this.file, saved);
  }
}
