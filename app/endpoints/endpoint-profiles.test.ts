/** Each endpoint behaves as its own profile says, over HTTP, side by side in one bench. */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../commands';
import { startBench } from '../test/bench-harness';

describe('profiles per endpoint', () => {
  it('a minimal endpoint has no Groups and says so in discovery, while the default one keeps them', async () => {
    const bench = await startBench();
    const minimal = await bench.endpoint('minimal-app', { preset: 'minimal' });
    expect(minimal.info.preset).toBe('minimal');
    expect((await minimal.scim('/Groups')).status).toBe(404);
    expect((await bench.scim('/Groups')).status).toBe(200);
    const types = (await (await minimal.scim('/ResourceTypes')).json()) as { Resources: { name: string }[] };
    expect(types.Resources.map((t) => t.name)).toEqual(['User']);
  });

  it('a profile change applies to the next request, and an edited profile is no preset any more', async () => {
    const bench = await startBench();
    const app = await bench.endpoint('saas-app', { preset: 'typical-saas' });
    const config = async () =>
      ((await (await app.scim('/ServiceProviderConfig')).json()) as { bulk: { supported: boolean } }).bulk.supported;
    expect(await config()).toBe(false);
    const changed = await dispatch(bench.engine.handlers, 'endpoints:update', {
      id: app.info.id,
      preset: 'rfc-strict',
    });
    expect(changed.preset).toBe('rfc-strict');
    expect(await config()).toBe(true);
    const edited = await dispatch(bench.engine.handlers, 'endpoints:update', {
      id: app.info.id,
      profile: { ...changed.profile, maxPageSize: 7 },
    });
    expect(edited.preset).toBeNull();
    const page = (await (await app.scim('/Users?count=50')).json()) as { itemsPerPage: number };
    expect(page.itemsPerPage).toBeLessThanOrEqual(7);
  });

  it('refuses a profile the bench cannot honour, naming why, and keeps the one it had', async () => {
    const bench = await startBench();
    const app = await bench.endpoint('kept-app', { preset: 'okta-style' });
    const bad = {
      ...app.info.profile,
      dialect: { default: 'accept' as const, codes: { 'no-such-code': 'refuse' as const } },
    };
    await expect(
      dispatch(bench.engine.handlers, 'endpoints:update', { id: app.info.id, profile: bad }),
    ).rejects.toThrow(/no-such-code.*not a dialect code/);
    const [, listed] = await bench.engine.handlers['endpoints:list']();
    expect(listed!.preset).toBe('okta-style');
    await expect(
      dispatch(bench.engine.handlers, 'endpoints:create', {
        name: 'both',
        preset: 'minimal',
        profile: app.info.profile,
      }),
    ).rejects.toThrow(/preset or a profile, not both/);
  });
});
