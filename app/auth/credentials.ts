/**
 * Everything a client may authenticate with: the bearer token (and, after a rotation, the previous
 * one until its grace period ends), the OAuth client, and access tokens issued to it. Persisted in
 * the data folder with owner-only permissions; issued access tokens live in memory only (a client
 * asks for a new one after a restart, as it does on expiry).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Saved {
  token: string;
  previous?: { token: string; validUntil: string };
  oauth: { clientId: string; clientSecret: string };
}

export const ACCESS_TOKEN_SECONDS = 3600;
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison (as digests, so lengths do not leak either). */
export const secretsMatch = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

const newSecret = () => randomBytes(24).toString('base64url');

export class Credentials {
  private saved: Saved;
  /** sha256(access token) → expiry (ms). */
  private readonly issued = new Map<string, number>();

  constructor(
    private readonly file: string | null,
    fixedToken: string | null,
    private readonly now: () => number = Date.now,
  ) {
    const existing = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Saved) : null;
    this.saved = existing ?? {
      token: newSecret(),
      oauth: { clientId: `scim-bench-${randomBytes(4).toString('hex')}`, clientSecret: newSecret() },
    };
    if (fixedToken) this.saved.token = fixedToken;
    if (!existing) this.persist();
  }

  static inDataDir(dataDir: string, fixedToken: string | null): Credentials {
    return new Credentials(path.join(dataDir, 'credentials.json'), fixedToken);
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

  /** A bearer credential: the token, the previous token within its grace period, or an issued access token. */
  accepts(presented: string): boolean {
    if (secretsMatch(presented, this.saved.token)) return true;
    const previous = this.saved.previous;
    if (previous && Date.parse(previous.validUntil) > this.now() && secretsMatch(presented, previous.token))
      return true;
    const expiry = this.issued.get(digest(presented).toString('hex'));
    return expiry !== undefined && expiry > this.now();
  }

  /** A new token; the old one keeps working for `graceSeconds` so the client's config can catch up. */
  rotate(graceSeconds: number): void {
    this.saved.previous = {
      token: this.saved.token,
      validUntil: new Date(this.now() + graceSeconds * 1000).toISOString(),
    };
    this.saved.token = newSecret();
    this.persist();
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

  private persist(): void {
    if (this.file) writeFileSync(this.file, JSON.stringify(this.saved, null, 2), { mode: 0o600 });
  }
}
