import { describe, expect, it } from 'vitest';
import type { StepResult } from '../../../../shared/check';
import { totals, withStep } from './check-view';

const step = (id: string, verdict: StepResult['verdict']): StepResult => ({
  id,
  profile: 'entra',
  title: id,
  source: 's',
  verdict,
  reason: 'r',
  advice: null,
  exchanges: [],
  ms: 1,
});

describe('the Check screen', () => {
  it('keeps one entry per step index, whatever the order or repetition of the announcements', () => {
    let steps: StepResult[] = [];
    steps = withStep(steps, step('b', 'fail'), 1);
    steps = withStep(steps, step('a', 'pass'), 0);
    steps = withStep(steps, step('b', 'fail'), 1);
    expect(steps.map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('totals in words, singular where it is one', () => {
    expect(totals([step('a', 'pass'), step('b', 'warn'), undefined, step('c', 'skip'), step('d', 'fail')])).toBe(
      '1 passed, 1 failed, 1 warning, 1 skipped',
    );
    expect(totals([step('a', 'warn'), step('b', 'warn')])).toBe('0 passed, 0 failed, 2 warnings, 0 skipped');
  });
});
