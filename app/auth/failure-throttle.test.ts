/** The failure budget's arithmetic, on a clock the test moves (the HTTP behaviour is in scim-port.attack.test.ts). */
import { describe, expect, it } from 'vitest';
import { FailureThrottle } from './failure-throttle';

const options = { ratePerSecond: 2, burst: 3, delayMs: 1000, maxDelayMs: 4000, escalateEvery: 2, maxDelayed: 3 };

describe('failure throttle', () => {
  it('answers a burst at once, then delays, doubling the delay as the flood goes on, then refuses past the cap', () => {
    let now = 0;
    const reports: string[] = [];
    const throttle = new FailureThrottle(
      options,
      (m) => reports.push(m),
      () => now,
    );
    expect([1, 2, 3].map(() => throttle.onFailure().action)).toEqual(['now', 'now', 'now']);
    expect(throttle.onFailure()).toEqual({ action: 'delay', ms: 1000 });
    expect(throttle.onFailure()).toEqual({ action: 'delay', ms: 1000 });
    expect(throttle.onFailure()).toEqual({ action: 'delay', ms: 2000 });
    expect(throttle.onFailure()).toEqual({ action: 'refuse', retryAfterS: 2 }); // three delayed answers held
    throttle.settled();
    expect(throttle.onFailure()).toEqual({ action: 'delay', ms: 4000 });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/being throttled/);
    now += 1000; // the budget refills at 2 a second
    expect([throttle.onFailure().action, throttle.onFailure().action]).toEqual(['now', 'now']);
    now += 60_000;
    throttle.onFailure();
    expect(reports[1]).toMatch(/failed authentications on the SCIM port in the last minute; \d+ were throttled/);
  });
});
