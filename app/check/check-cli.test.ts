/** `scim-bench check` from the command line's side: what it refuses, what it writes, its exit codes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { UsageError } from '../launch-options';
import { startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';
import { check, parseCheck } from './check-cli';

describe('scim-bench check', () => {
  it('refuses what would leak the token or cannot run, with the reason', () => {
    const refused = (args: string[], env = {}) => {
      try {
        parseCheck(args, env);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused([])).toMatch(/needs the SCIM base URL/);
    expect(refused(['http://app.example.com/scim/v2', '--token', 't'])).toMatch(/use https/);
    expect(refused(['https://u:p@app.example.com/scim', '--token', 't'])).toMatch(/without credentials/);
    expect(refused(['https://app.example.com/scim'])).toMatch(/give --token/);
    expect(refused(['https://app.example.com/scim', '--client-id', 'x', '--token-url', 'https://t'])).toMatch(
      /together/,
    );
    expect(refused(['https://app.example.com/scim', '--token', 't', '--profile', 'azure'])).toMatch(/--profile/);
    expect(parseCheck(['https://app.example.com/scim/v2/', '--token', 't']).baseUrl).toBe(
      'https://app.example.com/scim/v2',
    );
    expect(parseCheck(['https://app.example.com/scim'], { SCIM_BENCH_CHECK_TOKEN: 'from-env' }).profiles).toEqual([
      'entra',
      'okta',
      'rfc',
    ]);
  });

  it('exits 0 on a compliant endpoint and 1 where it fails, writing JUnit and JSON without the token', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const bench = await startBench();
      const good = await bench.endpoint('good', { preset: 'entra-friendly' });
      const strict = await bench.endpoint('strict', { preset: 'rfc-strict' });
      const dir = tempDir();
      const junit = path.join(dir, 'check.xml');
      const json = path.join(dir, 'check.json');
      expect(
        await check(parseCheck([good.info.scimUrl, '--token', good.info.token, '--report', 'junit', '--out', junit])),
      ).toBe(0);
      expect(
        await check(parseCheck([strict.info.scimUrl, '--token', strict.info.token, '--report', 'json', '--out', json])),
      ).toBe(1);
      const xml = readFileSync(junit, 'utf8');
      expect(xml).toMatch(/<testsuite name="SCIM check of [^"]+" tests="\d+" failures="0"/);
      const report = JSON.parse(readFileSync(json, 'utf8')) as {
        counts: { fail: number };
        results: { id: string; verdict: string; advice: string | null }[];
      };
      expect(report.counts.fail).toBeGreaterThan(0);
      const disable = report.results.find((r) => r.id === 'entra-disable')!;
      expect(disable.verdict).toBe('fail');
      expect(disable.advice).toMatch(/string "False"/);
      for (const text of [xml, readFileSync(json, 'utf8')]) {
        expect(text).not.toContain(good.info.token);
        expect(text).not.toContain(strict.info.token);
        expect(text).not.toMatch(/"password":\s*"Check-/); // Okta's password is masked in the report
      }
      const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
      expect(printed).toMatch(/FAIL {2}Disable the user with active as the string "False"/);
    } finally {
      log.mockRestore();
    }
  });
});
