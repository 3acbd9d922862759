/**
 * How the client reacted, recognised from its own requests: scripted clients over real HTTP that
 * retry a faulted create as Entra or Okta might — waiting as told, impatiently, or not at all — and
 * what the bench makes of it (traffic marks, the summary, the sentences).
 */
import { describe, expect, it } from 'vitest';
import { GIVE_UP_AFTER_MS, type FaultRule } from '../../shared/faults';
import { dispatch } from '../commands';
import { startBench } from '../test/bench-harness';
import { faultSummary } from './fault-summary';
import { MAX_OPEN, ReactionTracker } from './reactions';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTRA = { 'User-Agent': 'Azure Active Directory SCIM Client' };
const alice = { schemas: [USER], userName: 'alice@contoso.com', active: true };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const throttleFirst = (n: number, retryAfterSeconds = 1): FaultRule => ({
  id: 'throttle',
  name: 'Throttle creates',
  enabled: true,
  match: { operations: ['create-user'] },
  action: { kind: 'throttle', retryAfterSeconds },
  when: { kind: 'first', n },
});

async function benchWith(...rules: FaultRule[]) {
  const bench = await startBench();
  await dispatch(bench.engine.handlers, 'endpoints:update', { id: 'default', faults: rules });
  /** A client that POSTs `body` until it is not refused, waiting `wait(retryAfter)` ms between attempts. */
  const retryingCreate = async (body: unknown, wait: (retryAfter: number | null) => number, maxAttempts = 5) => {
    const seen: number[] = [];
    for (let i = 0; i < maxAttempts; i++) {
      const res = await bench.scim('/Users', { method: 'POST', json: body, headers: ENTRA });
      seen.push(res.status);
      if (res.status < 400 || res.status === 409) break;
      const retryAfter = res.headers.get('retry-after');
      await sleep(wait(retryAfter === null ? null : Number(retryAfter)));
    }
    return seen;
  };
  const summary = async (entries: number) => {
    await bench.traffic(entries);
    return dispatch(bench.engine.handlers, 'faults:summary', { endpoint: 'default' });
  };
  return { ...bench, retryingCreate, summary };
}

describe('retries of faulted requests', () => {
  it('a client that waits as Retry-After says: attempts, delays, honoured, recovered, and what it did next', async () => {
    const bench = await benchWith(throttleFirst(2));
    expect(await bench.retryingCreate(alice, (after) => (after ?? 0) * 1000)).toEqual([429, 429, 201]);
    await bench.scim('/Users?filter=userName%20eq%20%22bob%22', { headers: ENTRA }); // what it did next

    const summary = await bench.summary(4);
    expect(summary).toMatchObject({ injected: 2, retries: 2, recovered: 1, retrying: 0, gaveUp: 0, episodesTotal: 1 });
    expect(summary.byRule).toEqual([{ ruleId: 'throttle', ruleName: 'Throttle creates', injected: 2 }]);
    expect(summary.delays.minMs).toBeGreaterThanOrEqual(1000);
    expect(summary.delayBuckets.find((b) => b.label === '1–10 s')!.count).toBe(2);
    const [episode] = summary.episodes;
    expect(episode!.attempts.map((a) => a.status)).toEqual([429, 429, 201]);
    expect(episode!.attempts.map((a) => a.honoured)).toEqual([null, true, true]);
    expect(episode).toMatchObject({
      state: 'recovered',
      honoured: true,
      retryAfterSeconds: 1,
      subject: 'alice@contoso.com',
    });
    expect(episode!.sentence).toBe(
      'Entra retried the request to create user alice@contoso.com 2 times, after 1 s and 1 s; ' +
        'it honoured Retry-After: 1; the 3rd attempt succeeded (201).',
    );
    expect(episode!.next!.sentence).toMatch(/^Entra looked up users where userName eq "bob"/);

    // Traffic carries the same story per entry.
    const entries = (await bench.traffic(4)).filter((e) => e.method === 'POST').reverse();
    expect(entries.map((e) => e.reaction?.attempt)).toEqual([1, 2, 3]);
    expect(new Set(entries.map((e) => e.reaction!.episode)).size).toBe(1);
    expect(entries.map((e) => e.fault?.action ?? null)).toEqual(['throttle', 'throttle', null]);
    const faulted = await dispatch(bench.engine.handlers, 'traffic:list', { faulted: true });
    expect(faulted.entries).toHaveLength(3); // the lookup is no attempt
  });

  it('an impatient client that does not wait for Retry-After is told so', async () => {
    const bench = await benchWith(throttleFirst(1, 30));
    expect(await bench.retryingCreate(alice, () => 100)).toEqual([429, 201]);
    const [episode] = (await bench.summary(2)).episodes;
    expect(episode!.honoured).toBe(false);
    expect(episode!.sentence).toContain('it did not honour Retry-After: 30');
  });

  it('a client that does not retry: retrying at first, given up after ten quiet minutes', async () => {
    const bench = await benchWith(throttleFirst(1));
    expect(await bench.retryingCreate(alice, () => 0, 1)).toEqual([429]);
    const now = await bench.summary(1);
    expect(now).toMatchObject({ retries: 0, retrying: 1, gaveUp: 0 });
    expect(now.episodes[0]!.sentence).toBe(
      'Entra has not retried the request to create user alice@contoso.com (it was answered 429).',
    );
    const later = faultSummary(
      bench.engine.traffic.db,
      { endpoint: 'default', paused: false },
      Date.now() + GIVE_UP_AFTER_MS,
    );
    expect(later).toMatchObject({ retrying: 0, gaveUp: 1 });
    expect(later.episodes[0]!.state).toBe('gave-up');
    expect(later.episodes[0]!.sentence).toContain('it gave up');
  });

  it('"it worked but said it failed": the retry meets the user already created, and is not counted as recovered', async () => {
    const bench = await benchWith({
      id: 'applied',
      name: 'Applied, then 500',
      enabled: true,
      match: { operations: ['create-user'] },
      action: { kind: 'applied-but-error', status: 500 },
      when: { kind: 'first', n: 1 },
    });
    expect(await bench.retryingCreate(alice, () => 50)).toEqual([500, 409]);
    const summary = await bench.summary(2);
    expect(summary).toMatchObject({ retries: 1, recovered: 0, retrying: 1 });
    expect(summary.episodes[0]!.sentence).toContain('the latest attempt was answered 409');
  });

  it('only the same method, target and body is an attempt of the same request', async () => {
    const bench = await benchWith(throttleFirst(1));
    expect(await bench.retryingCreate(alice, () => 0, 1)).toEqual([429]);
    expect(await bench.retryingCreate({ ...alice, userName: 'bob@contoso.com' }, () => 0, 1)).toEqual([201]);
    const entries = await bench.traffic(2);
    expect(entries.find((e) => e.sentence.includes('bob'))!.reaction).toBeNull();
  });
});

describe('the retry tracker', () => {
  const mark = { ruleId: 'r', ruleName: 'r', action: 'error' as const, did: 'x', applied: false };
  const attempt = (target: string, time: number, fault = true, succeeded = false) => ({
    endpoint: 'default',
    method: 'POST',
    target,
    body: '{}',
    time,
    fault: fault ? mark : null,
    succeeded,
  });

  it('is bounded: a flood of distinct faulted requests keeps at most MAX_OPEN episodes, dropping the oldest', () => {
    const tracker = new ReactionTracker();
    for (let i = 0; i <= MAX_OPEN + 100; i++) tracker.observe(attempt(`/Users/${i}`, 1000));
    expect(tracker.openEpisodes).toBe(MAX_OPEN);
    expect(tracker.observe(attempt('/Users/0', 2000, false))).toBeNull(); // the oldest was dropped
    expect(tracker.observe(attempt(`/Users/${MAX_OPEN + 100}`, 2000, false))).toMatchObject({ attempt: 2 });
  });

  it('ends an episode at a clean success, and costs nothing while none is open', () => {
    const tracker = new ReactionTracker(() => 'e1');
    expect(tracker.observe(attempt('/Users', 0, false, true))).toBeNull();
    expect(tracker.observe(attempt('/Users', 0))).toEqual({
      episode: 'e1',
      attempt: 1,
      sincePreviousMs: null,
      honoured: null,
    });
    expect(tracker.observe(attempt('/Users', 500, false, true))).toEqual({
      episode: 'e1',
      attempt: 2,
      sincePreviousMs: 500,
      honoured: null,
    });
    expect(tracker.openEpisodes).toBe(0);
    expect(tracker.observe(attempt('/Users', 900, false, true))).toBeNull();
  });
});
