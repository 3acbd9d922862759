/**
 * When rules fire, over real HTTP: always, every Nth, the first N, a seeded probability (the same
 * seed faults the same requests on a fresh bench), a time window and a schedule. And which
 * requests a rule's match is about.
 */
import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../../shared/faults';
import { dispatch } from '../commands';
import { bearerFetch, startBench } from '../test/bench-harness';
import { FaultInjector } from './injector';
import { touchedAttributes } from './attributes';

const rule = (over: Partial<FaultRule>): FaultRule => ({
  id: 'r1',
  name: 'trigger',
  enabled: true,
  match: {},
  action: { kind: 'error', status: 503 },
  when: { kind: 'always' },
  ...over,
});

/** The statuses of `n` GET /Users on a fresh bench with `rules`. */
async function statuses(n: number, ...rules: FaultRule[]) {
  const bench = await startBench();
  await dispatch(bench.engine.handlers, 'endpoints:update', { id: 'default', faults: rules });
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await bench.scim('/Users')).status);
  return out;
}

describe('fault triggers over HTTP', () => {
  it('every Nth matching request', async () => {
    expect(await statuses(7, rule({ when: { kind: 'every', n: 3 } }))).toEqual([200, 200, 503, 200, 200, 503, 200]);
  });

  it('the first N matching requests, then never', async () => {
    expect(await statuses(5, rule({ when: { kind: 'first', n: 2 } }))).toEqual([503, 503, 200, 200, 200]);
  });

  it('a seeded probability faults the same requests on every run, a different seed others', async () => {
    const seeded = (seed: string) => rule({ when: { kind: 'probability', p: 0.5, seed } });
    const first = await statuses(40, seeded('run-42'));
    const again = await statuses(40, seeded('run-42'));
    const other = await statuses(40, seeded('run-43'));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const faulted = first.filter((s) => s === 503).length;
    expect(faulted).toBeGreaterThan(8); // about 20 of 40 at p = 0.5
    expect(faulted).toBeLessThan(32);
  });

  it('a time window: only between from and to', async () => {
    const past = { from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' };
    const now = { from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    expect(await statuses(2, rule({ when: { kind: 'window', ...past } }))).toEqual([200, 200]);
    expect(await statuses(2, rule({ when: { kind: 'window', ...now } }))).toEqual([503, 503]);
  });

  it('a schedule over HTTP: on for its first second of every two, counted from when the rules were saved', async () => {
    const bench = await startBench();
    await dispatch(bench.engine.handlers, 'endpoints:update', {
      id: 'default',
      faults: [rule({ when: { kind: 'schedule', onSeconds: 1, everySeconds: 2 } })],
    });
    const saved = Date.now();
    const at = async (ms: number) => {
      await new Promise((r) => setTimeout(r, Math.max(0, saved + ms - Date.now())));
      return (await bench.scim('/Users')).status;
    };
    expect([await at(100), await at(1300), await at(2150), await at(3300)]).toEqual([503, 200, 503, 200]);
  });

  it('rules are tried in order; the first that matches and fires wins; a disabled rule never fires', async () => {
    const throttle = rule({
      id: 'a',
      action: { kind: 'throttle', retryAfterSeconds: 1 },
      when: { kind: 'every', n: 2 },
    });
    const error = rule({ id: 'b', action: { kind: 'error', status: 500 } });
    expect(await statuses(4, throttle, error)).toEqual([500, 429, 500, 429]);
    expect(await statuses(2, { ...throttle, when: { kind: 'always' }, enabled: false }, error)).toEqual([500, 500]);
  });

  it('counts survive what leaves the rules as they were (a rename), and restart when the rules change', async () => {
    const bench = await startBench();
    const first = [rule({ when: { kind: 'first', n: 2 } })];
    const { info, scim } = await bench.endpoint('contoso', { faults: first });
    expect((await scim('/Users')).status).toBe(503);
    const renamed = await dispatch(bench.engine.handlers, 'endpoints:update', { id: info.id, name: 'fabrikam' });
    const again = bearerFetch(renamed.scimUrl, info.token);
    expect((await again('/Users')).status).toBe(503); // the 2nd, still counted
    expect((await again('/Users')).status).toBe(200);
    await dispatch(bench.engine.handlers, 'endpoints:update', { id: info.id, faults: [{ ...first[0]!, name: 'new' }] });
    expect((await again('/Users')).status).toBe(503); // new rules, counted from 1 again
  });

  it('match: method, resource type, path, operation and client', async () => {
    const bench = await startBench();
    const set = (match: FaultRule['match']) =>
      dispatch(bench.engine.handlers, 'endpoints:update', { id: 'default', faults: [rule({ match })] });
    const okta = { headers: { 'User-Agent': 'Okta SCIM Client 1.0.0' } };
    await set({ resourceType: 'Group' });
    expect([(await bench.scim('/Users')).status, (await bench.scim('/Groups')).status]).toEqual([200, 503]);
    await set({ path: '/Users/*' });
    expect([(await bench.scim('/Users')).status, (await bench.scim('/Users/x1')).status]).toEqual([200, 503]);
    await set({ operations: ['lookup-users'] });
    expect((await bench.scim('/Users')).status).toBe(200); // a list, not a lookup
    expect((await bench.scim('/Users?filter=userName%20eq%20%22a%22')).status).toBe(503);
    await set({ clients: ['okta'] });
    expect([(await bench.scim('/Users')).status, (await bench.scim('/Users', okta)).status]).toEqual([200, 503]);
    await set({ methods: ['DELETE'] });
    expect((await bench.scim('/Users')).status).toBe(200);
  });
});

describe('schedule trigger (a clock the test moves)', () => {
  it('on for onSeconds at the start of every everySeconds, counted from when the rules were saved', () => {
    let now = 1_000_000;
    const injector = new FaultInjector(
      [rule({ when: { kind: 'schedule', onSeconds: 120, everySeconds: 600 } })],
      () => false,
      () => now,
    );
    const subject = {
      method: 'GET',
      path: '/Users',
      resourceType: 'User' as const,
      operation: 'list-users' as const,
      client: 'entra' as const,
      attributes: () => new Set<string>(),
    };
    const at = (seconds: number) => ((now = 1_000_000 + seconds * 1000), injector.decide(subject) !== null);
    expect([at(0), at(119), at(120), at(599), at(600), at(719), at(720)]).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('which attributes a request touches', () => {
  const ext = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
  it('names every form a client uses the same way', () => {
    const created = touchedAttributes('POST', { userName: 'a', name: { givenName: 'A' }, [ext]: { department: 'S' } });
    expect([...created]).toEqual(
      expect.arrayContaining(['username', 'name', 'name.givenname', 'department', `${ext.toLowerCase()}:department`]),
    );
    const patched = touchedAttributes('PATCH', {
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'a@b' },
        { op: 'replace', value: { 'name.familyName': 'B', [`${ext}:manager`]: { value: 'm' } } },
      ],
    });
    expect([...patched]).toEqual(expect.arrayContaining(['emails.value', 'emails', 'name.familyname', 'manager']));
    expect(touchedAttributes('GET', { department: 'x' }).size).toBe(0);
  });

  it('is bounded: a body of 100,000 keys is read no further than 500 names', () => {
    const huge = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    expect(touchedAttributes('POST', huge).size).toBeLessThanOrEqual(502);
  });
});
