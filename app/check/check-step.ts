/** What a check is made of: steps that send requests, judge the answers, and say why. */
import type { DialectCode } from '../scim/dialect-codes';
import type { Exchange } from './check-http';

import type { CheckProfile, Verdict } from '../../shared/check';

export type { CheckProfile, StepResult, Verdict } from '../../shared/check';

export interface Judgement {
  verdict: Exclude<Verdict, 'skip'>;
  reason: string;
  /** What it means for provisioning, in words ("disabling users will fail"). */
  advice?: string;
}

export interface StepContext {
  send(method: string, path: string, body?: unknown): Promise<Exchange>;
  /** Ids the run created and proved its own, by name (`alice`, `group`): later steps use them. */
  ids: Map<string, { type: 'Users' | 'Groups'; id: string }>;
  /**
   * Takes the object a create answered as the run's own, so later steps may change it and the run
   * removes it at the end, whatever happens — once proven: an id that can be addressed safely, no
   * other object's, and read back named with the run's prefix. Resolves with the id; else throws
   * NotOurs, and the object is never written to or deleted.
   */
  own(name: string, type: 'Users' | 'Groups', answer: Exchange): Promise<string>;
  /** The path of an object the run owns (`alice`), its id percent-encoded: `/Users/abc%23d`. */
  path(name: string, rest?: string): string;
  /** Every name the run gives an object starts with it: `scimcheck-<run>-`. */
  prefix: string;
  /** Every exchange of the steps before this one (the checks over every answer). */
  history(): Exchange[];
}

export interface Step {
  id: string;
  profile: CheckProfile;
  title: string;
  /** Where the requirement comes from: an RFC section, or the provider's documentation. */
  source: string;
  /** Steps that must have passed (or warned) for this one to mean anything; else it is skipped. */
  needs?: string[];
  /** The client dialect this step's requests use (shared with the bench: app/scim/dialect-codes.ts). */
  sends?: DialectCode[];
  /** A server feature the step needs (a profile can turn it off): groups, filter, etag… */
  uses?: Array<'groups' | 'excludedAttributes' | 'unknown-attributes'>;
  run(ctx: StepContext): Promise<Judgement>;
}

/** A create answered an object the run cannot prove it created: the step fails with this reason. */
export class NotOurs extends Error {}

/** For a create whose object is only a by-product of the step: not proving it the run's is no failure. */
export const unlessNotOurs = (error: unknown): void => {
  if (!(error instanceof NotOurs)) throw error;
};

export const pass = (reason: string): Judgement => ({ verdict: 'pass', reason });
export const fail = (reason: string, advice?: string): Judgement => ({
  verdict: 'fail',
  reason,
  ...(advice ? { advice } : {}),
});
export const warn = (reason: string, advice?: string): Judgement => ({
  verdict: 'warn',
  reason,
  ...(advice ? { advice } : {}),
});

/** "answered 400 invalidValue: active must be a boolean", or why there was no answer. */
export function answered(ex: Exchange): string {
  if (ex.problem && ex.status === null) return ex.problem;
  if (ex.problem) return `answered ${ex.status}: ${ex.problem}`;
  const body = ex.json as { scimType?: unknown; detail?: unknown } | undefined;
  const scimType = typeof body?.scimType === 'string' ? ` ${body.scimType}` : '';
  const detail = typeof body?.detail === 'string' ? `: ${body.detail.slice(0, 200)}` : '';
  return `answered ${ex.status}${scimType}${detail}`;
}

/** The resource (or list) in an answer, when it is a JSON object. */
export const objectOf = (ex: Exchange): Record<string, unknown> | null =>
  ex.json && typeof ex.json === 'object' && !Array.isArray(ex.json) ? (ex.json as Record<string, unknown>) : null;
