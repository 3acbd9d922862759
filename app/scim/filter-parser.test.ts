import { describe, expect, it } from 'vitest';
import { ScimError } from './errors';
import { parseFilter, parsePatchPath } from './filter-parser';

describe('parseFilter (RFC 7644 §3.4.2.2)', () => {
  it.each([
    ['userName eq "bjensen"', { kind: 'compare', op: 'eq', path: { attr: 'userName' }, value: 'bjensen' }],
    [
      'name.familyName co "O\'Malley"',
      { kind: 'compare', op: 'co', path: { attr: 'name', sub: 'familyName' }, value: "O'Malley" },
    ],
    ['title pr', { kind: 'present', path: { attr: 'title' } }],
    ['active EQ True', { kind: 'compare', op: 'eq', path: { attr: 'active' }, value: true }],
    [
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      { kind: 'compare', op: 'gt', path: { attr: 'meta', sub: 'lastModified' }, value: '2011-05-13T04:42:34Z' },
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Eng"',
      {
        kind: 'compare',
        op: 'eq',
        path: { urn: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', attr: 'department' },
        value: 'Eng',
      },
    ],
    ['x eq null', { kind: 'compare', op: 'eq', path: { attr: 'x' }, value: null }],
    ['x eq -1.5e2', { kind: 'compare', op: 'eq', path: { attr: 'x' }, value: -150 }],
  ])('parses %s', (text, ast) => {
    expect(parseFilter(text)).toEqual(ast);
  });

  it('binds and tighter than or, and honours parentheses and not', () => {
    expect(parseFilter('a pr or b pr and c pr')).toMatchObject({ kind: 'or', right: { kind: 'and' } });
    expect(parseFilter('(a pr or b pr) and c pr')).toMatchObject({ kind: 'and', left: { kind: 'or' } });
    expect(parseFilter('not (a pr)')).toMatchObject({ kind: 'not', filter: { kind: 'present' } });
  });

  it('parses value paths: emails[type eq "work" and value co "@example.com"]', () => {
    expect(parseFilter('emails[type eq "work" and value co "@example.com"]')).toMatchObject({
      kind: 'valuePath',
      path: { attr: 'emails' },
      filter: { kind: 'and' },
    });
  });

  it.each([
    ['userName eq', 'position 12'],
    ['userName xx "a"', "unknown operator 'xx'"],
    ['userName eq "open', 'unterminated string'],
    ['(a pr', 'expected ")"'],
    ['a pr b pr', 'expected "and", "or"'],
    ["userName eq 'single'", 'expected a value'],
  ])('rejects %s as invalidFilter naming the spot (%s)', (text, message) => {
    try {
      parseFilter(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScimError);
      expect((error as ScimError).scimType).toBe('invalidFilter');
      expect((error as ScimError).detail).toContain(message);
    }
  });

  it('refuses hostile sizes instead of recursing or scanning forever', () => {
    expect(() => parseFilter('('.repeat(5000) + 'a pr' + ')'.repeat(5000))).toThrow(/nested deeper|longer than/);
    expect(() => parseFilter('a eq "' + 'x'.repeat(10_000) + '"')).toThrow(/longer than/);
    expect(() => parseFilter('('.repeat(100) + 'a pr' + ')'.repeat(100))).toThrow(/nested deeper than 64/);
  });
});

describe('parsePatchPath (RFC 7644 §3.5.2)', () => {
  it('parses a value path with a trailing sub-attribute (Entra: addresses[type eq "work"].locality)', () => {
    expect(parsePatchPath('addresses[type eq "work"].locality')).toMatchObject({
      path: { attr: 'addresses' },
      filter: { kind: 'compare', op: 'eq', value: 'work' },
      sub: 'locality',
    });
  });
  it('parses members[value eq "id"] and plain paths', () => {
    expect(parsePatchPath('members[value eq "2819c223"]').filter).toMatchObject({ value: '2819c223' });
    expect(parsePatchPath('name.givenName')).toEqual({ path: { attr: 'name', sub: 'givenName' } });
  });
  it('rejects junk as invalidPath', () => {
    expect(() => parsePatchPath('emails[type eq "work"] junk')).toThrow(/Invalid path/);
  });
});
