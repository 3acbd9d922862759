/**
 * The checker's own test suite: run against the bench's endpoints over HTTP, it passes where a
 * preset complies and fails exactly where the preset deviates — predicted from the profile and
 * the steps' declared dialect and features, the same table the bench itself uses
 * (app/scim/dialect-codes.ts), so the checker and the bench cannot disagree about what Entra sends.
 */
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, presetProfile, type Profile } from '../../shared/profile';
import { parseFilter } from '../scim/filter-parser';
import { startBench } from '../test/bench-harness';
import { runCheck } from './check-run';
import type { Verdict } from './check-step';
import { CHECK_STEPS, profilesFor } from './check-steps';

/** What a bench endpoint with `profile` must get for each step. */
function predicted(profile: Profile): Map<string, Verdict> {
  const refuses = (code: string) => (profile.dialect.codes[code] ?? profile.dialect.default) === 'refuse';
  const out = new Map<string, Verdict>();
  for (const step of CHECK_STEPS) {
    const unmet = (step.needs ?? []).some((need) => out.get(need) === 'fail' || out.get(need) === 'skip');
    const verdict: Verdict = unmet
      ? 'skip'
      : (step.sends ?? []).some(refuses) || (step.uses?.includes('groups') && !profile.groups)
        ? 'fail'
        : (step.uses?.includes('unknown-attributes') && profile.unknownAttributes === 'refuse') ||
            (step.uses?.includes('excludedAttributes') && !profile.excludedAttributes)
          ? 'warn'
          : 'pass';
    out.set(step.id, verdict);
  }
  return out;
}

const verdicts = (results: Array<{ id: string; verdict: Verdict }>) => new Map(results.map((r) => [r.id, r.verdict]));

describe('scim-bench check against the bench itself', () => {
  it.each(PRESET_NAMES)('preset %s: every verdict is the one its profile predicts', async (preset) => {
    const bench = await startBench();
    const { info } = await bench.endpoint('checked', { preset });
    const report = await runCheck({
      target: {
        baseUrl: info.scimUrl,
        authorization: async () => `Bearer ${info.token}`,
        userAgent: 'SCIM Bench check',
      },
      steps: [...CHECK_STEPS],
      profiles: profilesFor('all'),
    });
    expect(verdicts(report.results)).toEqual(predicted(presetProfile(preset)));
    // Every filter the checker sends is one the bench's own parser reads: one filter grammar for both.
    const filters = report.results
      .flatMap((r) => r.exchanges)
      .map((ex) => new URLSearchParams(ex.path.split('?')[1] ?? '').get('filter'))
      .filter((f): f is string => f !== null);
    expect(filters.length).toBeGreaterThan(3);
    for (const filter of filters) expect(() => parseFilter(filter), filter).not.toThrow();
    expect(report.cleanup.left).toEqual([]);
    // Nothing the run created is left: the endpoint is as empty as it started.
    const left = await fetch(`${info.scimUrl}/Users`, { headers: { Authorization: `Bearer ${info.token}` } });
    expect(((await left.json()) as { totalResults: number }).totalResults).toBe(0);
  });

  it("the predictions are not vacuous: strict fails the steps that send Entra's habits, minimal the group steps", () => {
    const strict = predicted(presetProfile('rfc-strict'));
    expect(strict.get('entra-disable')).toBe('fail');
    expect(strict.get('entra-remove-member')).toBe('skip');
    expect(predicted(presetProfile('minimal')).get('entra-create-group')).toBe('fail');
    expect(predicted(presetProfile('typical-saas')).get('entra-unlisted-attribute')).toBe('warn');
    expect([...predicted(presetProfile('entra-friendly')).values()].every((v) => v === 'pass')).toBe(true);
  });

  it('refuses to run where objects named like its own exist, and never deletes them', async () => {
    const bench = await startBench();
    const { info, scim } = await bench.endpoint('busy');
    const mine = await scim('/Users', {
      method: 'POST',
      json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'scimcheck-old-1@example.com' },
    });
    expect(mine.status).toBe(201);
    const target = { baseUrl: info.scimUrl, authorization: async () => `Bearer ${info.token}`, userAgent: 'check' };
    const refused = await runCheck({ target, steps: [...CHECK_STEPS], profiles: profilesFor('entra') });
    expect(refused.stopped).toMatch(/already holds 1 user\(s\) whose userName starts with "scimcheck-"/);
    expect(refused.results).toEqual([]);
    const allowed = await runCheck({
      target,
      steps: [...CHECK_STEPS],
      profiles: profilesFor('entra'),
      allowExisting: true,
    });
    expect(allowed.counts.fail).toBe(0);
    const list = (await (await scim('/Users')).json()) as { totalResults: number; Resources: { userName: string }[] };
    expect(list.Resources.map((r) => r.userName)).toEqual(['scimcheck-old-1@example.com']);
  });
});
