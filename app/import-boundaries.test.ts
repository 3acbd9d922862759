/**
 * The import boundaries of docs/architecture.md hold because lint refuses to cross them: each case
 * lints a file that crosses one, at the place it would live, with the project's own ESLint config.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['app/scim/probe.ts', "import { readFileSync } from 'node:fs';", /pure/],
    ['app/scim/probe.ts', "import { ResourceStore } from '../store/resource-store';", /pure protocol/],
    ['app/scim/probe.ts', "import express from 'express';", /no I\/O/],
    ['renderer/src/probe.ts', "import { Engine } from '../../app/engine';", /only through shared/],
    ['renderer/src/probe.ts', "import os from 'node:os';", /no Node modules/],
    ['main/probe.ts', "import { App } from '../renderer/src/App';", /imports the UI/],
    ['app/probe.ts', "import { App } from '../renderer/src/App';", /imports the UI/],
    ['app/probe.ts', "import { app } from 'electron';", /Only main/],
    ['shared/probe.ts', "import { Engine } from '../app/engine';", /only through shared/],
  ])('%s may not say %s', async (file, line, reason) => {
    const messages = await refusals(file, `${line}\nexport const used = [${line.match(/import \{? ?(\w+)/)![1]}];\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(reason);
  });

  it('lets each layer import what it builds on', async () => {
    expect(
      await refusals(
        'app/store/probe.ts',
        "import { parseFilter } from '../scim/filter-parser';\nexport const u = parseFilter;\n",
      ),
    ).toEqual([]);
    expect(
      await refusals(
        'renderer/src/probe.ts',
        "import type { Settings } from '../../shared/types';\nexport type U = Settings;\n",
      ),
    ).toEqual([]);
    expect(await refusals('main/probe.ts', "import { app } from 'electron';\nexport const u = app;\n")).toEqual([]);
  });
});
