/** The console's own reads, end to end over real HTTP: marked at capture, left out of the list and the error rate on request. */
import { describe, expect, it } from 'vitest';
import { startBench } from '../test/bench-harness';

describe("the console's own reads", () => {
  it('Test connection and Directory reads are marked; writes, replays and the client’s traffic are not; the probe’s 401 leaves the error rate alone', async () => {
    const { engine, scim, traffic } = await startBench();
    const entra = { 'User-Agent': 'Azure Active Directory SCIM Provisioning' };
    await scim('/Users', { method: 'POST', json: { userName: 'alice@contoso.com' }, headers: entra });
    await scim('/Users/missing', { headers: entra }); // a real 404 from the client
    const steps = await engine.handlers['connect:test']({}); // three reads and one deliberate 401
    expect(steps.every((s) => s.ok)).toBe(true);
    await engine.handlers['scim:request']({ method: 'GET', path: '/Users' }); // the Directory reading
    await engine.handlers['scim:request']({ method: 'POST', path: '/Users', body: { userName: 'made@contoso.com' } });
    const entries = await traffic(8);
    const directoryRead = entries.find((e) => e.client === 'console' && e.method === 'GET' && e.query === '')!;
    await engine.handlers['traffic:replay']({ id: directoryRead.id }); // the user's own deliberate request
    const all = await traffic(9);

    const marked = all.filter((e) => e.consoleRead);
    expect(marked).toHaveLength(5);
    expect(marked.every((e) => e.client === 'console' && e.method === 'GET')).toBe(true);
    expect(marked.map((e) => e.status).sort()).toEqual([200, 200, 200, 200, 401]);
    const shown = (await engine.handlers['traffic:list']({ hideConsoleReads: true })).entries;
    expect(shown.map((e) => `${e.client} ${e.method} ${e.status}`)).toEqual([
      'console GET 200', // the replay
      'console POST 201',
      'entra GET 404',
      'entra POST 201',
    ]);
    const stats = await engine.handlers['traffic:stats']({ hideConsoleReads: true });
    expect(stats).toMatchObject({ total: 4, consoleReads: 5 });
    expect(stats.errorRate).toBe(1 / 4);
    expect((await engine.handlers['traffic:stats']({})).errorRate).toBe(2 / 9);
  });
});
