/**
 * Recognises a client's retries of a faulted request: the same method, target and body sent again
 * to the same endpoint. A fault opens an episode; every later identical request is its next
 * attempt, until one is answered without a fault and succeeds. Only requests that match an open
 * episode cost a hash: with no episode open, a request costs one comparison.
 *
 * Kept in memory, bounded (threat model: anyone can send the SCIM port requests): at most
 * MAX_OPEN episodes, each forgotten a day after its last attempt. A restart forgets them too, so a
 * retry after a restart starts no new episode unless it is faulted again.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FaultMark, FaultReaction } from '../../shared/faults';

export const MAX_OPEN = 10_000;
export const FORGET_AFTER_MS = 24 * 3600_000;
/** A retry this much early still honours Retry-After: clients round, and the wire is not instant. */
export const HONOUR_TOLERANCE_MS = 250;

export interface Attempt {
  endpoint: string;
  method: string;
  /** The request target as received (path and query). */
  target: string;
  body: string | undefined;
  /** When it arrived, ms since the epoch. */
  time: number;
  fault: FaultMark | null;
  /** Answered below 400 (0, no answer, is a failure). */
  succeeded: boolean;
}

interface Open {
  episode: string;
  attempt: number;
  lastTime: number;
  /** Retry-After of the last attempt, in ms, or null when it sent none. */
  retryAfterMs: number | null;
}

export class ReactionTracker {
  private readonly open = new Map<string, Open>();

  constructor(private readonly newEpisode: () => string = () => randomBytes(8).toString('hex')) {}

  get openEpisodes(): number {
    return this.open.size;
  }

  /** Where this request stands among a faulted request's attempts, or null when it is none. */
  observe(attempt: Attempt): FaultReaction | null {
    if (!attempt.fault && this.open.size === 0) return null;
    const key = createHash('sha256')
      .update(
        `${attempt.endpoint}\u0000${attempt.method.toUpperCase()}\u0000${attempt.target}\u0000${attempt.body ?? ''}`,
      )
      .digest('base64url');
    let known = this.open.get(key);
    if (known && attempt.time - known.lastTime > FORGET_AFTER_MS) {
      this.open.delete(key);
      known = undefined;
    }
    const retryAfterMs = attempt.fault?.retryAfterSeconds !== undefined ? attempt.fault.retryAfterSeconds * 1000 : null;
    if (!known) {
      if (!attempt.fault) return null;
      this.remember(key, { episode: this.newEpisode(), attempt: 1, lastTime: attempt.time, retryAfterMs });
      return { episode: this.open.get(key)!.episode, attempt: 1, sincePreviousMs: null, honoured: null };
    }
    const sincePreviousMs = Math.max(0, attempt.time - known.lastTime);
    const honoured = known.retryAfterMs === null ? null : sincePreviousMs >= known.retryAfterMs - HONOUR_TOLERANCE_MS;
    const reaction = { episode: known.episode, attempt: known.attempt + 1, sincePreviousMs, honoured };
    this.open.delete(key);
    // Answered normally and successfully: the episode is over. Otherwise it stays open for the next attempt.
    if (attempt.fault || !attempt.succeeded)
      this.remember(key, { episode: known.episode, attempt: reaction.attempt, lastTime: attempt.time, retryAfterMs });
    return reaction;
  }

  /** Newest last (Map order), so the oldest is the one dropped when full. */
  private remember(key: string, open: Open): void {
    this.open.set(key, open);
    if (this.open.size > MAX_OPEN) this.open.delete(this.open.keys().next().value!);
  }
}
