/**
 * A request on an endpoint with fault rules: the service handles it inside a transaction, the
 * injector decides with what the service learnt (its operation), and a fault that answers before
 * the change (429, 5xx, reset, hang, one attribute refused) rolls the transaction back — the client
 * is told it failed, so nothing may have happened. Only latency, applied-but-error and a damaged
 * body keep the change, which is what they are for.
 */
import type { ClientKind } from '../../shared/types';
import type { ScimEndpoint } from '../http/scim-app';
import type { ScimRequest, ScimResponse } from '../service/scim-service';
import { touchedAttributes } from './attributes';
import type { FaultDecision } from './injector';

const RESOURCE_TYPES: Record<string, 'User' | 'Group'> = { users: 'User', groups: 'Group' };

/** Thrown inside the transaction to roll it back; never escapes. */
const ROLL_BACK = Symbol('roll back');

export interface FaultedResult {
  response: ScimResponse;
  decision: FaultDecision | null;
}

const once = <T>(work: () => T): (() => T) => {
  let value: { v: T } | null = null;
  return () => (value ??= { v: work() }).v;
};

export function handleWithFaults(endpoint: ScimEndpoint, request: ScimRequest, client: ClientKind): FaultedResult {
  const injector = endpoint.faults;
  // The console's own requests (Directory, Test connection, replays) are never faulted: faults are
  // for watching the identity provider, and must not stop the user from looking at the data.
  if (client === 'console' || !injector.active) return { response: endpoint.service.handle(request), decision: null };
  const subject = {
    method: request.method.toUpperCase(),
    path: request.path,
    resourceType: RESOURCE_TYPES[request.path.split('/')[1]?.toLowerCase() ?? ''] ?? null,
    client,
    attributes: once(() => touchedAttributes(request.method.toUpperCase(), request.body)),
  };
  if (!injector.mayFault(subject)) return { response: endpoint.service.handle(request), decision: null };
  let result: FaultedResult | null = null;
  try {
    endpoint.transaction(() => {
      const response = endpoint.service.handle(request);
      const decision = injector.decide({ ...subject, operation: response.outcome.operation }, response.status);
      result = { response, decision };
      if (decision && !decision.mark.applied) throw ROLL_BACK;
    });
  } catch (error) {
    if (error !== ROLL_BACK) throw error;
    const { outcome } = result!.response;
    outcome.before = outcome.after = null; // rolled back: nothing changed
    delete outcome.members;
  }
  return result!;
}
