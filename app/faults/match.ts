/** Whether a request is one a rule is about (shared/faults.ts `FaultMatch`). */
import type { FaultAction, FaultMatch } from '../../shared/faults';
import type { Operation } from '../../shared/operations';
import type { ClientKind } from '../../shared/types';
import { touches } from './attributes';

/** What is known of a request when faults are decided: after the service has read it. */
export interface FaultSubject {
  method: string;
  /** Below the SCIM base: `/Users/123`. */
  path: string;
  resourceType: 'User' | 'Group' | null;
  operation: Operation;
  client: ClientKind;
  /** touchedAttributes(method, body), worked out only when a rule asks (a walk of the body). */
  attributes: () => Set<string>;
}

/**
 * One path segment against one pattern segment, `*` standing for one or more characters, without
 * case. Not a regular expression: a rule saved as `/*********…` against a long hostile path made
 * one backtrack exponentially (threat model: the path is the attacker's). This walks each text
 * position at most once per star, so the cost is at most pattern × segment length.
 */
function segmentMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1; // where in the pattern the last star was
  let resumeAt = 0; // the text position that star resumes from
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      starAt = p++;
      resumeAt = ++t; // the star takes at least one character
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      t = ++resumeAt; // the star takes one more
    } else return false;
  }
  return p === pattern.length;
}

/** `/Users/*` against `/Users/123` (a trailing slash allowed): segment by segment. */
export function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.toLowerCase().replace(/\/$/, '').split('/');
  const have = path.toLowerCase().replace(/\/$/, '').split('/');
  return want.length === have.length && want.every((segment, i) => segmentMatches(segment, have[i]!));
}

/**
 * Every field the rule gives must match; a subject without an operation (not yet read) matches any.
 * A rule refusing one attribute is about requests that send it, even when its match does not say so.
 */
export function matches(
  match: FaultMatch,
  subject: Omit<FaultSubject, 'operation'> & { operation?: Operation },
  action?: FaultAction,
): boolean {
  if (match.methods && !match.methods.includes(subject.method.toUpperCase() as never)) return false;
  if (match.resourceType && match.resourceType !== subject.resourceType) return false;
  if (match.operations && subject.operation && !match.operations.includes(subject.operation)) return false;
  if (match.clients && !match.clients.includes(subject.client as never)) return false;
  if (match.path && !pathMatches(match.path, subject.path)) return false;
  const attribute = match.attribute ?? (action?.kind === 'attribute-error' ? action.attribute : undefined);
  if (attribute && !touches(subject.attributes(), attribute)) return false;
  return true;
}
