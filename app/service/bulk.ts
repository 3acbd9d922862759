/**
 * /Bulk (RFC 7644 §3.7): operations run in order through the same service, each in its own
 * transaction; `bulkId:x` references (in paths and data) resolve to ids created earlier in the
 * request; processing stops after `failOnErrors` errors.
 */
import { MAX_BULK_OPERATIONS } from '../scim/discovery';
import { badRequest, ScimError } from '../scim/errors';
import { isObject, type Json } from '../scim/resource';
import type { Outcome, ScimRequest, ScimResponse } from './scim-service';

export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Replaces every string `bulkId:x` with the id created for x; throws on an unknown reference. */
function resolveRefs(value: Json | undefined, ids: Map<string, string>): Json | undefined {
  if (typeof value === 'string' && value.startsWith('bulkId:')) {
    const id = ids.get(value.slice(7));
    if (!id)
      throw new ScimError(
        409,
        `${value} does not refer to a resource created earlier in this bulk request`,
        'invalidValue',
      );
    return id;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids) as Json);
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, ids) as Json]));
  return value;
}

export function runBulk(
  handle: (req: ScimRequest) => ScimResponse,
  req: ScimRequest,
  outcome: Outcome,
): { status: number; body: unknown; headers: Record<string, string> } {
  const body = req.body;
  if (!isObject(body) || !Array.isArray(body.Operations))
    throw badRequest('A bulk request needs an "Operations" array', 'invalidSyntax');
  if (body.Operations.length > MAX_BULK_OPERATIONS)
    throw new ScimError(
      413,
      `A bulk request may carry at most ${MAX_BULK_OPERATIONS} operations (see /ServiceProviderConfig)`,
    );
  const failOnErrors = typeof body.failOnErrors === 'number' && body.failOnErrors > 0 ? body.failOnErrors : Infinity;
  const ids = new Map<string, string>();
  const results: Record<string, unknown>[] = [];
  let errors = 0;
  for (const [index, op] of body.Operations.entries()) {
    if (errors >= failOnErrors) break;
    const method = isObject(op) && typeof op.method === 'string' ? op.method.toUpperCase() : '';
    const bulkId = isObject(op) && typeof op.bulkId === 'string' ? op.bulkId : undefined;
    let response: { status: number; body?: unknown; headers: Record<string, string> };
    try {
      if (!isObject(op) || !METHODS.has(method) || typeof op.path !== 'string')
        throw badRequest(`Operations[${index}] needs a method (POST, PUT, PATCH, DELETE) and a path`, 'invalidSyntax');
      if (method === 'POST' && !bulkId) throw badRequest(`Operations[${index}]: a POST needs a bulkId`, 'invalidValue');
      const path = op.path.replace(/bulkId:([^/]+)/, (ref) => resolveRefs(ref, ids) as string);
      response = handle({
        ...req,
        method,
        path,
        body: resolveRefs(op.data, ids),
        ...(typeof op.version === 'string' ? { ifMatch: op.version } : {}),
      });
      outcome.notes.push(...(response as ScimResponse).outcome.notes);
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      response = { status: error.status, body: error.toJSON(), headers: {} };
    }
    const created =
      response.status === 201 && isObject(response.body) && typeof response.body.id === 'string'
        ? response.body.id
        : undefined;
    if (bulkId && created) ids.set(bulkId, created);
    if (response.status >= 400) errors++;
    results.push({
      method,
      ...(bulkId ? { bulkId } : {}),
      ...(response.headers.Location ? { location: response.headers.Location } : {}),
      ...(response.headers.ETag ? { version: response.headers.ETag } : {}),
      status: String(response.status),
      ...(response.status >= 400 ? { response: response.body } : {}),
    });
  }
  outcome.operation = 'bulk';
  outcome.subject = `${results.length} operations, ${errors} failed`;
  return { status: 200, body: { schemas: [BULK_RESPONSE], Operations: results }, headers: {} };
}
