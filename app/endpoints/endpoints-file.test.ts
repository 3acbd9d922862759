/** `serve --endpoints FILE`: endpoints created or updated at start, never deleted; a bad file changes nothing. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../launch-options';
import { bearerFetch, startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';

const OKTA_TOKEN = 'okta-org-token-from-the-file-7d2';

function fileWith(content: unknown): string {
  const file = path.join(tempDir(), 'endpoints.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('the endpoints file', () => {
  it('creates what is missing with its preset and token, updates what exists, and never deletes', async () => {
    const dataDir = tempDir();
    const file = fileWith({
      endpoints: [
        { name: 'okta-org', preset: 'okta-style', token: OKTA_TOKEN },
        { name: 'saas', preset: 'typical-saas', paused: true },
      ],
    });
    const first = await startBench({ dataDir, endpointsFile: file });
    expect(first.engine.applied).toEqual({ created: ['okta-org', 'saas'], updated: [] });
    const listed = await first.engine.handlers['endpoints:list']();
    expect(listed.map((e) => [e.name, e.preset, e.paused])).toEqual([
      ['default', 'entra-friendly', false],
      ['okta-org', 'okta-style', false],
      ['saas', 'typical-saas', true],
    ]);
    const okta = listed.find((e) => e.name === 'okta-org')!;
    expect((await bearerFetch(okta.scimUrl, OKTA_TOKEN)('/Users')).status).toBe(200);
    expect((await bearerFetch(listed[2]!.scimUrl, listed[2]!.token)('/Users')).status).toBe(503);
    await first.engine.close(0);

    // Next start: one entry changed, one gone from the file; nothing is deleted.
    const again = await startBench({
      dataDir,
      endpointsFile: fileWith({ endpoints: [{ name: 'okta-org', preset: 'minimal' }] }),
    });
    expect(again.engine.applied).toEqual({ created: [], updated: ['okta-org'] });
    const after = await again.engine.handlers['endpoints:list']();
    expect(after.map((e) => [e.name, e.preset])).toEqual([
      ['default', 'entra-friendly'],
      ['okta-org', 'minimal'],
      ['saas', 'typical-saas'],
    ]);
  });

  it.each([
    ['not JSON', '{"endpoints": [', /is not JSON/],
    ['a bad name', { endpoints: [{ name: 'Has Spaces' }] }, /endpoints\.0\.name/],
    ['a reserved name', { endpoints: [{ name: 'users' }] }, /reserved/],
    ['an unknown preset', { endpoints: [{ name: 'a', preset: 'lenient' }] }, /endpoints\.0\.preset/],
    ['a short token', { endpoints: [{ name: 'a', token: 'short' }] }, /at least 20 characters/],
    ['a preset and a profile', { endpoints: [{ name: 'a', preset: 'minimal', profile: {} }] }, /not both|profile/],
    ['a name twice', { endpoints: [{ name: 'a' }, { name: 'a' }] }, /named twice/],
    ['an unknown field', { endpoints: [{ name: 'a', colour: 'blue' }] }, /colour/],
  ])('refuses %s with the problem named, and changes nothing', async (_what, content, problem) => {
    const dataDir = tempDir();
    const file = fileWith({ endpoints: [{ name: 'kept' }] });
    await (await startBench({ dataDir, endpointsFile: file })).engine.close(0);
    const bad = fileWith(content);
    const failed = startBench({ dataDir, endpointsFile: bad });
    await expect(failed).rejects.toThrow(UsageError);
    await expect(failed).rejects.toThrow(problem);
    await expect(failed).rejects.toThrow(bad);
    const bench = await startBench({ dataDir });
    expect((await bench.engine.handlers['endpoints:list']()).map((e) => e.name)).toEqual(['default', 'kept']);
  });

  it('refuses a file that cannot be read, naming it', async () => {
    await expect(startBench({ endpointsFile: '/nonexistent/endpoints.json' })).rejects.toThrow(
      /cannot be read \(ENOENT\)/,
    );
  });

  it('sets fault rules, a preset standing for its rules, and refuses a bad rule before anything changes', async () => {
    const dataDir = tempDir();
    const rule = {
      id: 'slow-groups',
      name: 'Slow groups',
      match: { resourceType: 'Group' },
      action: { kind: 'latency', ms: 10 },
      when: { kind: 'always' },
    };
    const file = fileWith({ endpoints: [{ name: 'flaky', faults: [{ preset: 'busy-app' }, rule] }] });
    const bench = await startBench({ dataDir, endpointsFile: file });
    const flaky = (await bench.engine.handlers['endpoints:list']()).find((e) => e.name === 'flaky')!;
    expect(flaky.faults.map((r) => [r.id, r.action.kind, r.enabled])).toEqual([
      ['busy-app-throttle', 'throttle', true],
      ['slow-groups', 'latency', true],
    ]);
    await bench.engine.close(0);

    const bad = fileWith({
      endpoints: [{ name: 'flaky', faults: [{ ...rule, action: { kind: 'throttle' } }] }, { name: 'new-one' }],
    });
    await expect(startBench({ dataDir, endpointsFile: bad })).rejects.toThrow(/endpoints\.0\.faults\.0/);
    const twice = fileWith({ endpoints: [{ name: 'flaky', faults: [rule, rule] }] });
    await expect(startBench({ dataDir, endpointsFile: twice })).rejects.toThrow(/two rules have the same id/);
    const after = await startBench({ dataDir });
    const listed = await after.engine.handlers['endpoints:list']();
    expect(listed.map((e) => e.name)).toEqual(['default', 'flaky']);
    expect(listed[1]!.faults).toHaveLength(2);
  });
});
