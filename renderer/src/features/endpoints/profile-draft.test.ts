import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, presetProfile } from '../../../../shared/profile';
import { canonical, parseOnly, presetOf, profileProblems } from './profile-draft';

describe('the profile draft', () => {
  it('recognises every preset, whatever the order of its keys', () => {
    for (const name of PRESET_NAMES) {
      const reordered = Object.fromEntries(Object.entries(presetProfile(name)).reverse()) as ReturnType<
        typeof presetProfile
      >;
      expect(presetOf(reordered)).toBe(name);
    }
  });

  it('calls a preset with one field changed edited (no preset)', () => {
    const profile = presetProfile('typical-saas');
    profile.maxPageSize = 50;
    expect(presetOf(profile)).toBeNull();
    profile.maxPageSize = 100;
    expect(presetOf(profile)).toBe('typical-saas');
  });

  it('tells a dialect code override apart from the preset', () => {
    const profile = presetProfile('entra-friendly');
    profile.dialect.codes['string-boolean'] = 'refuse';
    expect(presetOf(profile)).toBeNull();
  });

  it('says what is wrong with a draft in words, naming the field', () => {
    const profile = presetProfile('minimal');
    expect(profileProblems(profile)).toEqual([]);
    profile.maxPageSize = 0;
    profile.bulk.maxOperations = 5000;
    const problems = profileProblems(profile);
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.startsWith('Bulk, most operations:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('Largest page:'))).toBe(true);
  });

  it('reads the allowed filter pairs from a comma-separated list', () => {
    expect(parseOnly(' userName  eq , emails.value co,')).toEqual(['userName eq', 'emails.value co']);
    expect(parseOnly(' , ')).toBeNull();
    const profile = presetProfile('minimal');
    profile.filter.only = parseOnly('userName equals');
    expect(profileProblems(profile)[0]).toMatch(/^Filter, only these, 0:/);
  });

  it('compares nested objects by value', () => {
    expect(canonical({ b: 1, a: { d: 2, c: [3] } })).toBe(canonical({ a: { c: [3], d: 2 }, b: 1 }));
  });
});
