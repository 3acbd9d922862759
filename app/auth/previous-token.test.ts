/** After a rotation, a client still sending the old token is served — and flagged in traffic while there is time. */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../commands';
import { TOKEN, startBench } from '../test/bench-harness';
import { clockTime } from './bearer';

const entra = (token: string) => ({
  headers: { Authorization: `Bearer ${token}`, 'User-Agent': 'Azure Active Directory SCIM Provisioning' },
});

describe('the previous token in traffic', () => {
  it('is accepted during the grace period with a previous-token note saying when it stops; the new token has none', async () => {
    const bench = await startBench();
    const info = (await dispatch(bench.engine.handlers, 'auth:rotate-token', { graceSeconds: 3600 })) as {
      token: string;
      previousTokenValidUntil: string;
    };
    expect((await fetch(`${bench.url}/Users?count=1`, entra(TOKEN))).status).toBe(200);
    expect((await fetch(`${bench.url}/Users?count=1`, entra(info.token))).status).toBe(200);
    const [newest, oldest] = await bench.traffic(2);
    const withOld = await bench.engine.handlers['traffic:get']({ id: oldest!.id });
    const withNew = await bench.engine.handlers['traffic:get']({ id: newest!.id });
    const note = {
      code: 'previous-token',
      message: `still using the previous token, which stops working at ${clockTime(info.previousTokenValidUntil)}`,
    };
    expect(withOld!.notes).toEqual([note]);
    expect(withOld!.sentence).toContain(note.message);
    expect(withOld!.deviations).toBe(0); // the bench's note, not the client straying from the RFC
    expect(withNew!.notes).toEqual([]);
  });

  it('is refused once its grace period is over, with no note', async () => {
    const bench = await startBench();
    await dispatch(bench.engine.handlers, 'auth:rotate-token', { graceSeconds: 0 });
    expect((await fetch(`${bench.url}/Users?count=1`, entra(TOKEN))).status).toBe(401);
    const [entry] = await bench.traffic(1);
    expect((await bench.engine.handlers['traffic:get']({ id: entry!.id }))!.notes).toEqual([]);
  });
});

describe('clockTime', () => {
  it('says the time, and the day when it is not today', () => {
    const now = new Date('2026-03-02T12:00:00');
    expect(clockTime(new Date('2026-03-02T20:52:00').toISOString(), now)).toMatch(/^20:52 \S+$/);
    expect(clockTime(new Date('2026-03-03T08:05:00').toISOString(), now)).toMatch(/^08:05 \S+ on 3 Mar$/);
  });
});
