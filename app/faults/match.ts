/** Whether a request is one a rule is about (shared/faults.ts `FaultMatch`). */
import type { FaultMatch } from '../../shared/faults';
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
  /** touchedAttributes(method, body). */
  attributes: Set<string>;
}

const pathPattern = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]+')}/?$`, 'i');

export function matches(match: FaultMatch, subject: FaultSubject): boolean {
  if (match.methods && !match.methods.includes(subject.method.toUpperCase() as never)) return false;
  if (match.resourceType && match.resourceType !== subject.resourceType) return false;
  if (match.operations && !match.operations.includes(subject.operation)) return false;
  if (match.clients && !match.clients.includes(subject.client as never)) return false;
  if (match.path && !pathPattern(match.path).test(subject.path)) return false;
  if (match.attribute && !touches(subject.attributes, match.attribute)) return false;
  return true;
}
