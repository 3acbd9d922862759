/** The table of steps in docs/check.md, generated from the steps themselves (check-docs.test.ts keeps it true). */
import { DIALECT_CODES } from '../scim/dialect-codes';
import { CHECK_STEPS } from './check-steps';

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function stepsTable(): string {
  const rows = CHECK_STEPS.map((step) => {
    const sends = (step.sends ?? []).map((code) => `\`${code}\``).join(', ') || '—';
    const needs = (step.needs ?? []).map((id) => `\`${id}\``).join(', ') || '—';
    return `| \`${step.id}\` | ${step.profile} | ${cell(step.title)} | ${cell(step.source)} | ${sends} | ${needs} |`;
  });
  return [
    '| step | profile | what it does | requirement from | Entra habits it sends | needs |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The habits named in the table, with what each is (the bench's own dialect table). */
export function habitsList(): string {
  const used = [...new Set(CHECK_STEPS.flatMap((s) => s.sends ?? []))].sort();
  return used.map((code) => `- \`${code}\`: ${DIALECT_CODES[code].what}`).join('\n');
}
