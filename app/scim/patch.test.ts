import { describe, expect, it } from 'vitest';
import { Dialect } from './dialect';
import { ScimError } from './errors';
import { applyPatch, PATCH_SCHEMA } from './patch';
import { normalizeResource, type JsonObject } from './resource';
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from './schemas';

const user = (): JsonObject => ({
  schemas: [USER_SCHEMA],
  userName: 'alice@contoso.com',
  active: true,
  name: { givenName: 'Alice', familyName: 'Smith' },
  emails: [
    { value: 'alice@contoso.com', type: 'work', primary: true },
    { value: 'alice@home.example', type: 'home' },
  ],
});
const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });

describe('applyPatch — RFC 7644 §3.5.2', () => {
  it('replace with a path sets a single-valued attribute', () => {
    const { data } = applyPatch(
      'User',
      user(),
      patch({ op: 'replace', path: 'displayName', value: 'Al' }),
      new Dialect(),
    );
    expect(data.displayName).toBe('Al');
  });

  it('add to a multi-valued attribute appends, and a new primary clears the old one (§3.5.2.1)', () => {
    const { data } = applyPatch(
      'User',
      user(),
      patch({ op: 'add', path: 'emails', value: [{ value: 'a@new.example', type: 'other', primary: true }] }),
      new Dialect(),
    );
    const emails = data.emails as JsonObject[];
    expect(emails).toHaveLength(3);
    expect(emails.filter((e) => e.primary === true).map((e) => e.value)).toEqual(['a@new.example']);
  });

  it('remove with a value filter removes only the matching values (§3.5.2.2)', () => {
    const { data } = applyPatch('User', user(), patch({ op: 'remove', path: 'emails[type eq "home"]' }), new Dialect());
    expect((data.emails as JsonObject[]).map((e) => e.type)).toEqual(['work']);
  });

  it('replace of a complex attribute keeps sub-attributes not named (§3.5.2.3)', () => {
    const { data } = applyPatch(
      'User',
      user(),
      patch({ op: 'replace', path: 'name', value: { givenName: 'Alicia' } }),
      new Dialect(),
    );
    expect(data.name).toEqual({ givenName: 'Alicia', familyName: 'Smith' });
  });

  it('remove without a path is noTarget', () => {
    expect(() => applyPatch('User', user(), patch({ op: 'remove' }), new Dialect())).toThrow(
      expect.objectContaining({ scimType: 'noTarget' }),
    );
  });

  it('all operations apply or none do: a failing second op leaves the input untouched', () => {
    const input = user();
    expect(() =>
      applyPatch(
        'User',
        input,
        patch({ op: 'replace', path: 'displayName', value: 'X' }, { op: 'replace', path: 'active', value: 'maybe' }),
        new Dialect(),
      ),
    ).toThrow(ScimError);
    expect(input.displayName).toBeUndefined();
  });

  it('userName cannot be removed', () => {
    expect(() => applyPatch('User', user(), patch({ op: 'remove', path: 'userName' }), new Dialect())).toThrow(
      /userName is required/,
    );
  });
});

describe("applyPatch — Entra's dialect, accepted and named", () => {
  it('capitalised ops and string booleans ("False") → boolean false, with notes', () => {
    const dialect = new Dialect();
    const { data } = applyPatch('User', user(), patch({ op: 'Replace', path: 'active', value: 'False' }), dialect);
    expect(data.active).toBe(false);
    expect(dialect.notes.map((n) => n.code).sort()).toEqual(['capitalised-op', 'string-boolean']);
  });

  it('path-less values with dotted keys and full URN keys', () => {
    const dialect = new Dialect();
    const { data } = applyPatch(
      'User',
      user(),
      patch({ op: 'Add', value: { 'name.givenName': 'Ally', [`${ENTERPRISE_SCHEMA}:department`]: 'Research' } }),
      dialect,
    );
    expect(data.name).toMatchObject({ givenName: 'Ally', familyName: 'Smith' });
    expect(data[ENTERPRISE_SCHEMA]).toEqual({ department: 'Research' });
    expect(data.schemas).toEqual([USER_SCHEMA, ENTERPRISE_SCHEMA]);
    expect(dialect.notes.map((n) => n.code)).toEqual(
      expect.arrayContaining(['pathless-dotted-key', 'pathless-urn-key']),
    );
  });

  it('manager as a bare id, wrapped in an array', () => {
    const { data } = applyPatch(
      'User',
      user(),
      patch({ op: 'Add', path: `${ENTERPRISE_SCHEMA}:manager`, value: ['boss-id'] }),
      new Dialect(),
    );
    expect(data[ENTERPRISE_SCHEMA]).toEqual({ manager: { value: 'boss-id' } });
  });

  it('a filtered sub-attribute path that matches nothing creates the entry (addresses[type eq "work"].locality)', () => {
    const dialect = new Dialect();
    const { data } = applyPatch(
      'User',
      user(),
      patch({ op: 'replace', path: 'addresses[type eq "work"].locality', value: 'Oslo' }),
      dialect,
    );
    expect(data.addresses).toEqual([{ type: 'work', locality: 'Oslo' }]);
    expect(dialect.notes[0]?.code).toBe('filter-creates');
  });

  it('Remove members with a value list removes only those members — never empties the group', () => {
    const dialect = new Dialect();
    const { members } = applyPatch(
      'Group',
      { schemas: [], displayName: 'Eng' },
      patch({ op: 'Remove', path: 'members', value: [{ value: 'u1' }, { value: 'u2' }] }),
      dialect,
    );
    expect(members).toEqual([{ kind: 'remove', ids: ['u1', 'u2'] }]);
    expect(dialect.notes.map((n) => n.code)).toContain('remove-members-with-value');
  });

  it('members[value eq "x"] removes one; remove without value clears; replace clears then adds', () => {
    const group = { schemas: [], displayName: 'Eng' };
    expect(
      applyPatch('Group', group, patch({ op: 'remove', path: 'members[value eq "u9"]' }), new Dialect()).members,
    ).toEqual([{ kind: 'remove', ids: ['u9'] }]);
    expect(applyPatch('Group', group, patch({ op: 'remove', path: 'members' }), new Dialect()).members).toEqual([
      { kind: 'clear' },
    ]);
    expect(
      applyPatch('Group', group, patch({ op: 'replace', path: 'members', value: [{ value: 'a' }] }), new Dialect())
        .members,
    ).toEqual([{ kind: 'clear' }, { kind: 'add', ids: ['a'] }]);
  });

  it('strict mode refuses the same dialect instead of accepting it', () => {
    expect(() =>
      applyPatch('User', user(), patch({ op: 'Replace', path: 'active', value: false }), new Dialect(true)),
    ).toThrow(/This endpoint refuses/);
  });
});

describe('custom extension schemas (Entra and Okta let admins define their own)', () => {
  const CUSTOM = 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User';
  it('stores a custom extension sent on create, and lists it in schemas', () => {
    const dialect = new Dialect();
    const data = normalizeResource('User', { userName: 'c', [CUSTOM]: { costCode: 'X1' } }, dialect);
    expect(data[CUSTOM]).toEqual({ costCode: 'X1' });
    expect(data.schemas).toEqual([USER_SCHEMA, CUSTOM]);
    expect(dialect.notes[0]?.code).toBe('custom-extension');
  });
  it('patches its attributes by full URN path, with or without a path', () => {
    const start = normalizeResource('User', { userName: 'c' }, new Dialect());
    const { data } = applyPatch(
      'User',
      start,
      patch({ op: 'Add', value: { [`${CUSTOM}:costCode`]: 'X2' } }),
      new Dialect(),
    );
    expect(data[CUSTOM]).toEqual({ costCode: 'X2' });
    const removed = applyPatch('User', data, patch({ op: 'Remove', path: `${CUSTOM}:costCode` }), new Dialect()).data;
    expect(removed[CUSTOM]).toBeUndefined();
    expect(removed.schemas).toEqual([USER_SCHEMA]);
  });
});
