import { describe, expect, it } from 'vitest';
import { MASK, fingerprint, redactAuthorization, redactBody, redactHeaders } from './redact';

describe('redaction', () => {
  it('keeps the scheme and a fingerprint, never the token', () => {
    const out = redactAuthorization('Bearer s3cr3t-token-value');
    expect(out).toBe(`Bearer [redacted, fingerprint ${fingerprint('s3cr3t-token-value')}]`);
    expect(out).not.toContain('s3cr3t');
    expect(fingerprint('a')).not.toBe(fingerprint('b'));
  });
  it('masks passwords and client secrets in JSON and form bodies, at any depth', () => {
    expect(redactBody('{"userName":"a","password":"P@ss","x":[{"client_secret":"z"}]}', 'application/json')).toBe(
      `{"userName":"a","password":"${MASK}","x":[{"client_secret":"${MASK}"}]}`,
    );
    expect(redactBody('grant_type=client_credentials&client_secret=abc', 'application/x-www-form-urlencoded')).toBe(
      `grant_type=client_credentials&client_secret=${encodeURIComponent(MASK)}`,
    );
  });
  it('leaves malformed bodies as sent', () => {
    expect(redactBody('{bad', 'application/json')).toBe('{bad');
  });
  it('redacts authorization and cookie headers', () => {
    const h = redactHeaders({ Authorization: 'Bearer t0ken', Cookie: 'a=b', 'User-Agent': 'curl/8' });
    expect(JSON.stringify(h)).not.toContain('t0ken');
    expect(h['user-agent']).toBe('curl/8');
    expect(h.cookie).toBe('[redacted]');
  });
});

describe('redaction of disguised keys', () => {
  it('masks a key spelled with \\u escapes', () => {
    expect(redactBody('{"pass\\u0077ord":"s3cret"}', 'application/json')).toBe(`{"password":"${MASK}"}`);
  });
});
