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
  /** Ids the run created, by name (`alice`, `group`): later steps use them; cleanup deletes them. */
  ids: Map<string, { type: 'Users' | 'Groups'; id: string }>;
  /** Records a created object so the run removes it at the end, whatever happens. */
  created(name: string, type: 'Users' | 'Groups', id: string): void;
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
