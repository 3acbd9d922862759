/**
 * /Bulk (RFC 7644 §3.7): operations run in order through the same service, each in its own
 * transaction; `bulkId:x` references (in paths and data) resolve to ids created earlier in the
 * request; processing stops after `failOnErrors` errors.
 */
import type { Profile } from '../../shared/profile';
import type { Dialect } from '../scim/dialect';
import { badRequest, ScimError } from '../scim/errors';
import { isObject, type Json } from '../scim/resource';
import type { Outcome, ScimRequest, ScimResponse } from './scim-service';

export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * RFC 7644 §3.7: a POST targets a resource type endpoint, every other method one resource. Nothing
 * else — in particular not `/Bulk`, which would nest a bulk inside a bulk and multiply the
 * advertised operation limit.
 */
const RESOURCE_PATH = /^\/(Users|Groups)(\/[^/?#]+)?$/i;

function checkPath(method: string, path: string, index: number): void {
  const match = RESOURCE_PATH.exec(path);
  if (!match)
    throw badRequest(
      `Operations[${index}]: path must be /Users, /Groups or one resource under them, got "${path.slice(0, 80)}"`,
      'invalidPath',
    );
  if (method === 'POST' && match[2])
    throw badRequest(`Operations[${index}]: a POST targets /Users or /Groups, not one resource`, 'invalidPath');
  if (method !== 'POST' && !match[2])
    throw badRequest(`Operations[${index}]: a ${method} targets one resource, e.g. /Users/<id>`, 'invalidPath');
}

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
  dialect: Dialect,
  limits: Profile['bulk'],
  onUnexpected: (error: unknown) => void,
): { status: number; body: unknown; headers: Record<string, string> } {
  const body = req.body;
  // RFC 7644 §3.7.4: past either advertised limit the answer is 413, as a SCIM error.
  const bytes = req.bodyBytes ?? Buffer.byteLength(JSON.stringify(body ?? null));
  if (bytes > limits.maxPayloadSize)
    throw new ScimError(
      413,
      `A bulk request may be at most ${limits.maxPayloadSize} bytes, this one is ${bytes} (see /ServiceProviderConfig)`,
    );
  if (!isObject(body) || !Array.isArray(body.Operations))
    throw badRequest('A bulk request needs an "Operations" array', 'invalidSyntax');
  if (body.Operations.length > limits.maxOperations)
    throw new ScimError(
      413,
      `A bulk request may carry at most ${limits.maxOperations} operations (see /ServiceProviderConfig)`,
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
      checkPath(method, op.path, index);
      const path = op.path.replace(/bulkId:([^/]+)/, (ref) => resolveRefs(ref, ids) as string);
      // Only what the operation itself says: the outer request's query and If-Match are not its.
      response = handle({
        method,
        path,
        query: {},
        baseUrl: req.baseUrl,
        body: resolveRefs(op.data, ids),
        ...(typeof op.version === 'string' ? { ifMatch: op.version } : {}),
      });
      dialect.absorb((response as ScimResponse).outcome.notes, (response as ScimResponse).outcome.secrets);
    } catch (error) {
      // Each operation is its own transaction: an unexpected failure rolls back that one and is
      // reported as its result, never as a 500 for a request whose earlier operations committed.
      if (!(error instanceof ScimError)) onUnexpected(error);
      const scim =
        error instanceof ScimError
          ? error
          : new ScimError(500, 'SCIM Bench failed on this operation (the error is in its log); it changed nothing');
      response = { status: scim.status, body: scim.toJSON(), headers: {} };
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
