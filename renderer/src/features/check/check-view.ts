/** What the Check screen shows of a run: its steps in order as they arrive, and the totals. */
import type { StepResult, Verdict } from '../../../../shared/check';

export const VERDICT_WORDS: Record<Verdict, string> = {
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Warning',
  skip: 'Skipped',
};
export const VERDICT_MARKS: Record<Verdict, string> = { pass: '✓', fail: '✗', warn: '!', skip: '–' };

/** Adds an announced step to the list (announcements can repeat on a reconnect: one per index). */
export function withStep(steps: StepResult[], result: StepResult, index: number): StepResult[] {
  const next = [...steps];
  next[index] = result;
  return next;
}

/** "12 passed, 2 failed, 1 warning, 3 skipped" of the steps so far. */
export function totals(steps: Array<StepResult | undefined>): string {
  const counts = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const s of steps) if (s) counts[s.verdict]++;
  const part = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return [
    `${counts.pass} passed`,
    `${counts.fail} failed`,
    part(counts.warn, 'warning'),
    `${counts.skip} skipped`,
  ].join(', ');
}
