import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_SECONDS, Credentials } from './credentials';

describe('credentials', () => {
  it('issued OAuth access tokens expire after an hour (clock is a parameter, not mocked)', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const credentials = new Credentials(null, 'fixed-token-123', () => now);
    const { clientId, clientSecret } = credentials.oauthClient;
    expect(credentials.issue(clientId, 'wrong')).toBeNull();
    const issued = credentials.issue(clientId, clientSecret)!;
    expect(credentials.accepts(issued.accessToken)).toBe(true);
    now += ACCESS_TOKEN_SECONDS * 1000 + 1;
    expect(credentials.accepts(issued.accessToken)).toBe(false);
    expect(credentials.accepts('fixed-token-123')).toBe(true);
  });

  it('a rotated-out token works until its grace period ends', () => {
    let now = 0;
    const credentials = new Credentials(null, 'first-token-123', () => now);
    credentials.rotate(30);
    expect(credentials.accepts('first-token-123')).toBe(true);
    now = 30_001;
    expect(credentials.accepts('first-token-123')).toBe(false);
    expect(credentials.accepts(credentials.token)).toBe(true);
  });
});
