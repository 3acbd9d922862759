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

const pathPattern = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]+')}/?$`, 'i');

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
  if (match.path && !pathPattern(match.path).test(subject.path)) return false;
  const attribute = match.attribute ?? (action?.kind === 'attribute-error' ? action.attribute : undefined);
  if (attribute && !touches(subject.attributes(), attribute)) return false;
  return true;
}
