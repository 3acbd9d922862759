import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { ACCESS_TOKEN_SECONDS, Credentials, newSecret } from './credentials';

const FIXED = 'fixed-token-1234567890';

describe('credentials', () => {
  it('never generates a token that starts with "-" (pasted after --token, it would read as an option)', () => {
    // 1 in 64 base64url secrets starts with "-": about 156 of these 10,000 did before.
    const secrets = Array.from({ length: 10_000 }, newSecret);
    expect(secrets.filter((s) => s.startsWith('-'))).toEqual([]);
    expect(new Set(secrets).size).toBe(10_000);
    expect(secrets.every((s) => /^[\w-]{32}$/.test(s))).toBe(true);
  });

  it('issued OAuth access tokens expire after an hour (clock is a parameter, not mocked)', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const credentials = new Credentials(null, FIXED, () => now);
    const { clientId, clientSecret } = credentials.oauthClient;
    expect(credentials.issue(clientId, 'wrong')).toBeNull();
    const issued = credentials.issue(clientId, clientSecret)!;
    expect(credentials.accepts(issued.accessToken)).toEqual({ credential: 'access-token' });
    now += ACCESS_TOKEN_SECONDS * 1000 + 1;
    expect(credentials.accepts(issued.accessToken)).toBeNull();
    expect(credentials.accepts(FIXED)).toEqual({ credential: 'token' });
  });

  it('a rotated-out token works until its grace period ends, and is told apart from the current one', () => {
    let now = 0;
    const credentials = new Credentials(null, FIXED, () => now);
    credentials.rotate(30);
    expect(credentials.accepts(FIXED)).toEqual({
      credential: 'previous-token',
      validUntil: '1970-01-01T00:00:30.000Z',
    });
    expect(credentials.accepts(credentials.token)).toEqual({ credential: 'token' });
    now = 30_001;
    expect(credentials.accepts(FIXED)).toBeNull();
    expect(credentials.accepts(credentials.token)).toEqual({ credential: 'token' });
    expect(credentials.accepts('')).toBeNull();
  });

  it('refuses a fixed token shorter than 20 characters, saying so', () => {
    expect(() => new Credentials(null, 'short-token-19chars')).toThrow(/at least 20 characters \(it was 19\)/);
  });
});

describe('credentials.json on disk', () => {
  it('a torn file is named, and its last good copy is used with a warning (the token is not replaced)', () => {
    const dir = tempDir();
    const file = path.join(dir, 'credentials.json');
    const first = Credentials.inDataDir(dir, null);
    first.rotate(0); // a second write: the last good copy follows every write
    const token = first.token;
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40)); // torn mid-write
    const again = Credentials.inDataDir(dir, null);
    expect(again.token).toBe(token);
    expect(again.warning).toContain(file);
    expect(again.warning).toMatch(/last good copy/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ token }); // put back in place
  });

  it('a torn file without a good copy stops the start with a message naming the file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'credentials.json');
    writeFileSync(file, '{"token": "abc", "oa');
    expect(() => Credentials.inDataDir(dir, null)).toThrow(file);
  });

  it('a rotated token takes effect only once it is on disk', () => {
    const dir = tempDir();
    const file = path.join(dir, 'credentials.json');
    const credentials = Credentials.inDataDir(dir, null);
    const before = credentials.token;
    // The file cannot be replaced now (a folder with something in it stands in its place).
    renameSync(file, `${file}.moved`);
    mkdirSync(path.join(file, 'x'), { recursive: true });
    expect(() => credentials.rotate(60)).toThrow();
    expect(credentials.token).toBe(before);
    expect(credentials.previousValidUntil).toBeNull();
    rmSync(file, { recursive: true });
  });

  it('fingerprints are keyed per install: stable within one, unrelated to a plain hash or another install', () => {
    const one = Credentials.inDataDir(tempDir(), null);
    const two = Credentials.inDataDir(tempDir(), null);
    const guess = 'a-guessed-token-value';
    expect(one.fingerprint(guess)).toBe(one.fingerprint(guess));
    expect(one.fingerprint(guess)).not.toBe(two.fingerprint(guess));
    expect(one.fingerprint(guess)).not.toBe(createHash('sha256').update(guess).digest('hex').slice(0, 8));
  });
});
