/**
 * What is wrong with a profile, in sentences the console can show: the shape (zod) and what the
 * shape cannot say — that every dialect code is one the bench knows, and is a client deviation
 * (what the bench does on its own account, like not storing a password, is never refused).
 */
import { profileSchema } from '../../shared/profile';
import { DIALECT_CODES, isDeviation } from '../scim/dialect-codes';

export function profileProblems(profile: unknown): string[] {
  const parsed = profileSchema.safeParse(profile);
  if (!parsed.success)
    return parsed.error.issues.map((issue) => `${issue.path.join('.') || 'profile'}: ${issue.message}`);
  const problems: string[] = [];
  for (const code of Object.keys(parsed.data.dialect.codes)) {
    if (!(code in DIALECT_CODES)) problems.push(`dialect.codes: "${code}" is not a dialect code (docs/scim.md)`);
    else if (!isDeviation(code))
      problems.push(`dialect.codes: "${code}" is what the bench does, not a client deviation; it cannot be refused`);
  }
  const pairs = parsed.data.filter.only ?? [];
  if (new Set(pairs.map((p) => p.toLowerCase())).size !== pairs.length)
    problems.push('filter.only: a pair is listed twice');
  return problems;
}
