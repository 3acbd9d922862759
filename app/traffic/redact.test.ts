/** Masking by meaning, one attack at a time (the end-to-end canary hunt is in secrets.attack.test.ts). */
import { describe, expect, it } from 'vitest';
import {
  MASK,
  MAX_WALK_DEPTH,
  isSecretName,
  redactAuthorization,
  redactBody,
  redactHeaders,
  redactParams,
} from './redact';
import { Scrubber } from './scrub';

const SECRET = 'Hunter2-Canary-Secret';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const JSON_TYPE = 'application/scim+json';

/** Redacts a body and returns it with the secrets that were found. */
function redact(body: unknown, contentType = JSON_TYPE) {
  const found: string[] = [];
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { out: redactBody(text, contentType, (s) => found.push(s)), found };
}
const fp = (s: string) => `fp(${s.length})`;

describe('masking by key', () => {
  it('masks passwords and client secrets in JSON and form bodies, at any depth', () => {
    expect(redact({ userName: 'a', password: 'P@ss', x: [{ client_secret: 'z' }] }).out).toBe(
      `{"userName":"a","password":"${MASK}","x":[{"client_secret":"${MASK}"}]}`,
    );
    expect(redact('grant_type=client_credentials&client_secret=abc', 'application/x-www-form-urlencoded').out).toBe(
      `grant_type=client_credentials&client_secret=${MASK}`,
    );
  });

  it('masks a key spelled with \\u escapes', () => {
    expect(redact('{"pass\\u0077ord":"s3cret"}').out).toBe(`{"password":"${MASK}"}`);
  });

  it('keeps booleans and text without a secret exactly as sent', () => {
    const sent = '{ "userName": "a",  "passwordNeverExpires": true }';
    expect(redact(sent).out).toBe(sent);
    expect(redact('{"userName":"plain"}').out).toBe('{"userName":"plain"}');
  });
});

describe('masking by meaning', () => {
  it.each([
    ['PATCH path "password"', { schemas: [PATCH], Operations: [{ op: 'replace', path: 'password', value: SECRET }] }],
    [
      'PATCH path in URN form',
      { schemas: [PATCH], Operations: [{ op: 'Replace', path: `${USER}:password`, value: SECRET }] },
    ],
    [
      'path-less PATCH with a URN-qualified key (Entra)',
      { schemas: [PATCH], Operations: [{ op: 'Replace', value: { [`${USER}:password`]: SECRET, active: true } }] },
    ],
    ['POST with a URN-qualified key', { schemas: [USER], userName: 'u', [`${USER}:password`]: SECRET }],
    [
      'Bulk PATCH (Operations[].data)',
      {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          {
            method: 'PATCH',
            path: '/Users/1',
            data: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'password', value: SECRET }] },
          },
        ],
      },
    ],
    [
      'a custom extension attribute named password',
      { schemas: [USER], userName: 'u', 'urn:example:acme:2.0:User': { password: SECRET } },
    ],
    ['a PATCH value that is an object', { Operations: [{ op: 'add', path: 'password', value: { v: SECRET } }] }],
    ['a filter comparing a password', { schemas: [USER], filter: `userName eq "u" and password eq "${SECRET}"` }],
  ])('%s', (_name, body) => {
    const { out, found } = redact(body);
    expect(out).not.toContain(SECRET);
    expect(out).toContain(MASK);
    expect(found).toContain(SECRET);
    expect(() => JSON.parse(out)).not.toThrow();
  });

  it('names: URN, dotted and filtered paths', () => {
    expect(isSecretName(`${USER}:password`)).toBe(true);
    expect(isSecretName('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User')).toBe(false);
    expect(isSecretName('emails[type eq "password"].value')).toBe(false);
    expect(isSecretName('x.clientSecret')).toBe(true);
    expect(isSecretName('userName')).toBe(false);
  });
});

describe('failing closed', () => {
  it('withholds malformed JSON that mentions a secret, saying why and how many bytes', () => {
    const sent = `{"userName":"u","password":"${SECRET}" oops`;
    const { out } = redact(sent);
    expect(out).not.toContain(SECRET);
    expect(out).toBe(
      `[withheld: ${sent.length} bytes that are not valid JSON and may hold a secret (they contain "password"), so they could not be masked]`,
    );
  });

  it('keeps malformed JSON without a secret word as sent (that is what the user needs to see)', () => {
    expect(redact('{bad').out).toBe('{bad');
  });

  it('withholds a body nested deeper than the walk goes, instead of storing it raw', () => {
    let body: unknown = { password: SECRET };
    for (let i = 0; i < MAX_WALK_DEPTH + 5; i++) body = { a: body };
    const { out } = redact(body);
    expect(out).not.toContain(SECRET);
    expect(out).toMatch(/^\[withheld: \d+ bytes that are JSON nested more than 64 levels deep/);
  });

  it('withholds non-JSON text that mentions a secret', () => {
    expect(redact(`<password>${SECRET}</password>`, 'application/xml').out).toMatch(/^\[withheld: /);
  });
});

describe('query strings and headers', () => {
  it('masks secret parameters, percent-encoded names and filters, keeping the rest exactly as sent', () => {
    const found: string[] = [];
    const raw = `a=%2e%2e&access_token=${SECRET}&client%5Fsecret=${SECRET}x&filter=password%20eq%20%22${SECRET}%22&aadOptscim062020`;
    const out = redactParams(raw, (s) => found.push(s));
    expect(out).not.toContain(SECRET);
    expect(out.startsWith('a=%2e%2e&access_token=')).toBe(true);
    expect(out.endsWith('&aadOptscim062020')).toBe(true);
    expect(found).toEqual(expect.arrayContaining([SECRET, `${SECRET}x`]));
  });

  it('keeps the scheme and a fingerprint, never the token', () => {
    const out = redactAuthorization('Bearer s3cr3t-token-value', fp);
    expect(out).toBe(`Bearer [redacted, fingerprint ${fp('s3cr3t-token-value')}]`);
  });

  it('redacts authorization, API-key and cookie headers, drops the console mark, and reports Basic secrets', () => {
    const found: string[] = [];
    const basic = Buffer.from(`client:${SECRET}`).toString('base64');
    const h = redactHeaders(
      {
        Authorization: `Basic ${basic}`,
        'X-Api-Key': SECRET,
        Cookie: 'a=b',
        'User-Agent': 'curl/8',
        'X-Scim-Bench-Console': 'mark',
      },
      fp,
      (s) => found.push(s),
    );
    expect(JSON.stringify(h)).not.toContain(SECRET);
    expect(JSON.stringify(h)).not.toContain(basic);
    expect(h['user-agent']).toBe('curl/8');
    expect(h.cookie).toBe('[redacted]');
    expect(h['x-scim-bench-console']).toBeUndefined();
    expect(found).toContain(SECRET);
  });
});

describe('scrubbing what was found from everything else', () => {
  it('replaces a secret raw, JSON-escaped and percent-encoded, and a secret cut in half at the end', () => {
    const scrub = new Scrubber();
    scrub.add('pa"ss word!');
    scrub.add('abc'); // too short to hunt
    expect(scrub.text('x pa"ss word! y')).toBe(`x ${MASK} y`);
    expect(scrub.text(JSON.stringify({ detail: 'pa"ss word!' }))).toBe(`{"detail":"${MASK}"}`);
    expect(scrub.text('q=pa%22ss%20word!')).toBe(`q=${MASK}`);
    expect(scrub.text('abc')).toBe('abc');
    expect(scrub.cutTail('text then pa"ss w')).toBe(`text then ${MASK}`);
    expect(scrub.json({ a: ['pa"ss word!'], 'pa"ss word!': 1 })).toEqual({ a: [MASK], [MASK]: 1 });
  });
});

describe('the one regex of the secret hunt', () => {
  it('matches secrets literally (regex characters are data), longest first, and stops at the cap', () => {
    const scrub = new Scrubber();
    scrub.add('a.b*c(d)[e]\\f|g');
    scrub.add('Long-Secret-Value');
    scrub.add('Long-Secret-Value-Longer');
    expect(scrub.text('x a.b*c(d)[e]\\f|g y')).toBe('x ******** y');
    expect(scrub.text('aXb*c(d)[e]\\f|g')).toBe('aXb*c(d)[e]\\f|g');
    expect(scrub.text('Long-Secret-Value-Longer!')).toBe('********!');
    for (let i = 0; i < 200; i++) scrub.add(`Filler-Secret-${i}`);
    scrub.add('Past-The-Cap');
    expect(scrub.text('Filler-Secret-10 Past-The-Cap')).toBe('******** Past-The-Cap');
  });
});
