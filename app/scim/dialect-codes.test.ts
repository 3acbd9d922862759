/** The notes table in docs/scim.md is the one DIALECT_CODES generates, so a new code cannot go undocumented. */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dialectTable } from './dialect-codes';

const DOC = 'docs/scim.md';
const START = /(<!-- dialect-codes:[^\n]*-->\n)[\s\S]*?(<!-- dialect-codes:end -->)/;

describe('docs/scim.md', () => {
  it('lists every dialect code, as generated', () => {
    const doc = readFileSync(DOC, 'utf8');
    const generated = doc.replace(START, `$1${dialectTable()}\n$2`);
    if (process.env.UPDATE_DOCS) return writeFileSync(DOC, generated);
    expect(doc, 'run: UPDATE_DOCS=1 npx vitest run app/scim/dialect-codes.test.ts').toBe(generated);
  });
});
