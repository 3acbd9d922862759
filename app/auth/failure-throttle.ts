/**
 * Throttles failed authentication on the SCIM port without ever slowing a valid client.
 *
 * Threat model: behind a tunnel every request comes from the tunnel's address, so there is no
 * per-client address to limit. Valid credentials are checked first and always pass at once; only
 * failures draw on a shared budget (a token bucket). Past it, a failure is answered after a delay
 * (holding a timer, not a thread) that doubles while a flood goes on, and past a cap on delayed
 * answers it gets an immediate 429.
 * What this buys: a flood of wrong tokens costs the bench little (no body read, no full entry in
 * the log per failure past the budget), and a guesser that waits for answers is slowed to the
 * budget. What it cannot buy: a guesser with unbounded concurrency still learns "not valid" from
 * every answer — the defence there is the token's length (at least 20 characters; generated ones
 * carry 192 random bits) and a keyed fingerprint in the log (docs/security.md).
 */

export interface ThrottleOptions {
  /** Failures per second answered at once, on average. */
  ratePerSecond: number;
  /** Failures answered at once in a burst. */
  burst: number;
  /** How long a failure past the budget first waits for its answer; it doubles every `escalateEvery`. */
  delayMs: number;
  maxDelayMs: number;
  /** Throttled failures in a minute after which the delay doubles. */
  escalateEvery: number;
  /**
   * Delayed answers held at a time (each holds a connection); past this, failures get 429 at once.
   * Below the SCIM port's connection cap, so valid clients keep room.
   */
  maxDelayed: number;
  /** How often a summary is said while throttling goes on (default a minute), by a timer: a flood that stops is still summed up. */
  summaryEveryMs?: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  ratePerSecond: 5,
  burst: 20,
  delayMs: 1000,
  maxDelayMs: 8000,
  escalateEvery: 100,
  maxDelayed: 192,
};

export type Verdict = { action: 'now' } | { action: 'delay'; ms: number } | { action: 'refuse'; retryAfterS: number };

export class FailureThrottle {
  private tokens: number;
  private last: number;
  private delayed = 0;
  /** Failures in the current minute, how many of them were throttled, and when the minute began. */
  private window = { failures: 0, throttled: 0, since: 0 };
  /** Armed while throttling goes on: the summary of the current window, due at its end. */
  private summary: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: ThrottleOptions = DEFAULT_THROTTLE,
    /** Told once a minute at most, while failures are being throttled. */
    private readonly report: (message: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = options.burst;
    this.last = now();
    this.window.since = this.last;
  }

  /** Decides how to answer one failed authentication. Call `settled()` when a delayed answer is sent. */
  onFailure(): Verdict {
    const now = this.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.last) / 1000) * this.options.ratePerSecond);
    this.last = now;
    this.count(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { action: 'now' };
    }
    if (this.window.throttled++ === 0 && !this.summary)
      this.report(
        `Failed authentications on the SCIM port are being throttled (more than ${this.options.burst} at once): ` +
          'someone may be guessing the token, or a client has an old one. A summary follows every minute it goes on.',
      );
    this.summary ??= this.arm(this.window.since + this.every - now);
    const ms = Math.min(
      this.options.maxDelayMs,
      this.options.delayMs * 2 ** Math.floor((this.window.throttled - 1) / this.options.escalateEvery),
    );
    if (this.delayed >= this.options.maxDelayed) return { action: 'refuse', retryAfterS: Math.ceil(ms / 1000) };
    this.delayed++;
    return { action: 'delay', ms };
  }

  /** A delayed answer went out. */
  settled(): void {
    this.delayed = Math.max(0, this.delayed - 1);
  }

  /** Whether failures are being throttled now (recorded in aggregate, not one by one). */
  get throttling(): boolean {
    return this.tokens < 1;
  }

  private get every(): number {
    return this.options.summaryEveryMs ?? 60_000;
  }

  /** A timer, not the next failure, says the summary: the last minute of a flood is reported too. */
  private arm(ms: number): NodeJS.Timeout {
    return setTimeout(() => this.flush(), Math.max(0, ms)).unref();
  }

  private count(now: number): void {
    if (now - this.window.since >= this.every) this.flush();
    this.window.failures++;
  }

  /** Says the window's summary if anything was throttled, and starts the next window. */
  private flush(): void {
    if (this.summary) clearTimeout(this.summary);
    this.summary = null;
    const { failures, throttled } = this.window;
    this.window = { failures: 0, throttled: 0, since: this.now() };
    if (!throttled) return;
    const span = this.every === 60_000 ? 'the last minute' : `the last ${this.every / 1000} s`;
    this.report(
      `${failures} failed authentications on the SCIM port in ${span}; ${throttled} were throttled ` +
        '(answered late or with 429, and not recorded one by one).',
    );
    this.summary = this.arm(this.every); // one more window: said if the flood goes on, quiet if it stopped
  }
}
