/** docs/check.md lists every step as the code defines it (regenerate: UPDATE_DOCS=1 npx vitest run app/check/check-docs.test.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { habitsList, stepsTable } from './check-docs';

const DOC = 'docs/check.md';
const STEPS = /(<!-- check-steps:[^\n]*-->\n)[\s\S]*?(<!-- check-steps:end -->)/;
const HABITS = /(<!-- check-habits:[^\n]*-->\n)[\s\S]*?(<!-- check-habits:end -->)/;

it('docs/check.md names every step, its requirement and the habits it sends, as generated', () => {
  const doc = readFileSync(DOC, 'utf8');
  expect(doc).toMatch(STEPS);
  expect(doc).toMatch(HABITS);
  const generated = doc.replace(STEPS, `$1${stepsTable()}\n$2`).replace(HABITS, `$1${habitsList()}\n$2`);
  if (process.env.UPDATE_DOCS) return writeFileSync(DOC, generated);
  expect(doc, 'run: UPDATE_DOCS=1 npx vitest run app/check/check-docs.test.ts').toBe(generated);
});
