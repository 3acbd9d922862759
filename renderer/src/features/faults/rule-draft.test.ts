import { describe, expect, it } from 'vitest';
import { FAULT_PRESETS } from '../../../../shared/fault-presets';
import { draftOf, emptyDraft, newRuleId, ruleOf } from './rule-draft';

describe('the rule form', () => {
  it('turns every preset rule into a draft and back unchanged', () => {
    for (const preset of FAULT_PRESETS)
      for (const rule of preset.rules) expect(ruleOf(draftOf(rule))).toEqual({ rule, problems: [] });
  });

  it('names the problems in the form’s own words, and refuses nothing valid', () => {
    const draft = { ...emptyDraft([]), name: '', action: 'throttle' as const };
    draft.fields = { ...draft.fields, retryAfterSeconds: 'soon' };
    const result = ruleOf(draft);
    expect(result.rule).toBeNull();
    expect(result.problems.join('\n')).toMatch(/^Name: /m);
    expect(result.problems.join('\n')).toMatch(/^Retry-After: /m);
    const ok = ruleOf({
      ...emptyDraft([]),
      name: 'Throttle',
      methods: ['POST'],
      when: 'first',
      fields: { ...draft.fields, retryAfterSeconds: '1', n: '2' },
    });
    expect(ok.rule).toMatchObject({
      match: { methods: ['POST'] },
      action: { kind: 'throttle', retryAfterSeconds: 1 },
      when: { kind: 'first', n: 2 },
    });
  });

  it('a probability needs its seed; a window reads local times as ISO', () => {
    const base = { ...emptyDraft([]), name: 'p', when: 'probability' as const };
    expect(ruleOf({ ...base, fields: { ...base.fields, seed: '' } }).problems.join()).toMatch(/Seed/);
    const window = ruleOf({
      ...base,
      when: 'window',
      fields: { ...base.fields, from: '2026-12-07T10:00', to: '2026-12-07T11:00' },
    });
    expect(window.rule?.when).toMatchObject({ kind: 'window' });
    expect((window.rule?.when as { from: string }).from).toMatch(/^2026-12-07T\d\d:00:00\.000Z$/);
  });

  it('gives new rules ids not yet taken', () => {
    expect(newRuleId('busy-app-throttle', ['busy-app-throttle', 'busy-app-throttle-2'])).toBe('busy-app-throttle-3');
    expect(newRuleId('rule', [])).toBe('rule');
  });
});
