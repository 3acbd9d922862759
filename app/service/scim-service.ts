/**
 * The SCIM service: one request in, one response out, with a record of what it changed. No HTTP
 * framework here (the Express adapter is app/http/scim-router.ts), so the console and tests can
 * drive the same code, and traffic capture learns what happened without parsing responses.
 */
import type { Operation } from '../../shared/operations';
import type { Profile } from '../../shared/profile';
import type { DialectNote } from '../../shared/types';
import { checkMaxResults, honoured, projectionOf, refuseTurnedOff, supportedFilter } from '../profiles/request-rules';
import { Dialect } from '../scim/dialect';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, listResponse } from '../scim/discovery';
import { ScimError, badRequest, notFound } from '../scim/errors';
import { normalizeFilter } from '../scim/filter-dialect';
import { parseAttrPath } from '../scim/filter-parser';
import { applyPatch } from '../scim/patch';
import { parseProjection, project, wants, type Projection } from '../scim/projection';
import { isObject, normalizeResource, type JsonObject } from '../scim/resource';
import { RESOURCE_TYPES, type ResourceType } from '../scim/schemas';
import type { ResourceStore, StoredResource } from '../store/resource-store';
import { runBulk } from './bulk';
import { discoveryDocument } from './discovery-routes';
import { applyMemberChanges, memberIdsOf, type MemberDelta } from './members';
import { renderResource } from './render';

export interface ScimRequest {
  method: string;
  /** Path below the SCIM base, e.g. `/Users/123`. */
  path: string;
  query: Record<string, string | undefined>;
  body: unknown;
  /** The base URL the client called, for meta.location. */
  baseUrl: string;
  ifMatch?: string;
  ifNoneMatch?: string;
  /** The body's size as received, for Bulk's maxPayloadSize (else measured from `body`). */
  bodyBytes?: number;
}

/** What a request did, for the traffic log. */
export interface Outcome {
  operation: Operation;
  resourceType: ResourceType | null;
  resourceId: string | null;
  /** userName / displayName of the resource, for sentences. */
  subject: string | null;
  before: JsonObject | null;
  after: JsonObject | null;
  /** Members a group create, replace or PATCH added and removed, by name (never the whole lists). */
  members?: MemberDelta;
  notes: DialectNote[];
  /** Secret values the service read (Dialect.secrets): the traffic log masks them wherever they appear. */
  secrets: string[];
}

export interface ScimResponse {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
  outcome: Outcome;
}

/** One request as the service works on it: what was asked, the notes so far, what it did, and the profile. */
interface Call {
  req: ScimRequest;
  dialect: Dialect;
  outcome: Outcome;
  profile: Profile;
}

const ENDPOINTS: Record<string, ResourceType> = { users: 'User', groups: 'Group' };
const WITHOUT_MEMBERS = parseProjection('Group', undefined, 'members');
/**
 * What a change records of a resource: membership is reported as a delta by name (Outcome.members),
 * never as before/after lists — a 50,000-member group must not be read twice to add one member.
 */
const snapshotOf = (type: ResourceType): Projection => (type === 'Group' ? WITHOUT_MEMBERS : {});

export class ScimService {
  constructor(
    private readonly storeOf: () => ResourceStore,
    private readonly options: {
      /** Read per request: how this endpoint behaves (shared/profile.ts, docs/profiles.md). */
      profile: () => Profile;
      /** An unexpected failure inside one Bulk operation (reported there, logged here). */
      onError?: (error: unknown) => void;
    },
  ) {}

  /** Read per request: a restore can replace the store while the listener keeps running. */
  private get store(): ResourceStore {
    return this.storeOf();
  }

  handle(request: ScimRequest): ScimResponse {
    const profile = this.options.profile();
    const dialect = new Dialect(profile.dialect, profile.unknownAttributes);
    const outcome: Outcome = {
      operation: 'unknown',
      resourceType: null,
      resourceId: null,
      subject: null,
      before: null,
      after: null,
      notes: dialect.notes,
      secrets: dialect.secrets,
    };
    try {
      return { ...this.route({ req: request, dialect, outcome, profile }), outcome };
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      // The transaction rolled back: nothing changed, whatever was read on the way.
      outcome.before = outcome.after = null;
      delete outcome.members;
      const headers: Record<string, string> =
        error instanceof MethodNotAllowed ? { Allow: error.allow.join(', ') } : {};
      return { status: error.status, body: error.toJSON(), headers, outcome };
    }
  }

  private route(call: Call): Omit<ScimResponse, 'outcome'> {
    const { req, dialect, outcome, profile } = call;
    const [first = '', id] = segmentsOf(req.path);
    // HEAD is GET without a body (RFC 9110 §9.3.2); sendScim leaves the body out.
    const method = req.method.toUpperCase() === 'HEAD' ? 'GET' : req.method.toUpperCase();
    const allowed = allowedMethods(req.path);
    if (!allowed) {
      outcome.operation = 'not-found';
      throw notFound(`There is no SCIM endpoint at ${req.path}`);
    }
    refuseTurnedOff(first.toLowerCase(), id, profile, outcome);
    if (!allowed.includes(req.method.toUpperCase())) throw new MethodNotAllowed(req.method, req.path, allowed);
    const ok = (body: unknown, status = 200) => ({ status, body, headers: {} });

    const discovery = discoveryDocument(first.toLowerCase(), id, req.baseUrl, profile);
    if (discovery) {
      outcome.operation = 'discovery';
      return ok(discovery);
    }
    switch (first.toLowerCase()) {
      case 'bulk':
        return runBulk(
          (inner) => this.handle(inner),
          req,
          outcome,
          dialect,
          profile.bulk,
          (error) => this.options.onError?.(error),
        );
      case '.search':
        outcome.operation = 'search-all';
        return ok(this.searchAll(searchParams(req.body), call));
      default:
        break;
    }
    const type = ENDPOINTS[first.toLowerCase()]!;
    outcome.resourceType = type;
    const noun = nounOf(type);

    if (id === '.search') {
      outcome.operation = `search-${noun}s` as const;
      return ok(this.list(type, searchParams(req.body), call));
    }
    if (!id) {
      if (method === 'GET') {
        outcome.operation = req.query.filter ? (`lookup-${noun}s` as const) : (`list-${noun}s` as const);
        return ok(this.list(type, req.query, call));
      }
      return this.create(type, call);
    }
    outcome.resourceId = id;
    // Without ETags (RFC 7644 §3.14 makes them optional) the preconditions mean nothing here.
    const one = profile.etag ? call : { ...call, req: { ...req, ifMatch: undefined, ifNoneMatch: undefined } };
    switch (method) {
      case 'GET':
        return this.get(type, id, one);
      case 'PUT':
        return this.replace(type, id, one);
      case 'PATCH':
        return this.patch(type, id, one);
      default:
        return this.remove(type, id, one);
    }
  }

  private load(type: ResourceType, id: string, outcome: Outcome): StoredResource {
    const found = this.store.get(type, id);
    if (!found) throw notFound(`${type} ${id} not found`);
    outcome.subject = subjectOf(found);
    return found;
  }

  private render(resource: StoredResource, call: Call, projection: Projection = {}): JsonObject {
    const members =
      resource.type === 'Group' && wants(projection, 'members') ? this.store.members(resource.id) : undefined;
    const groups =
      resource.type === 'User' && wants(projection, 'groups') ? this.store.groupsOf(resource.id) : undefined;
    const full = renderResource(resource, call.req.baseUrl, { members, groups });
    if (!call.profile.etag) delete (full.meta as JsonObject).version;
    return project(full, projection, RESOURCE_TYPES[resource.type].extensions);
  }

  private respond(resource: StoredResource, call: Call, status: number, projection?: Projection) {
    const body = this.render(resource, call, projection);
    const headers = etagHeader(resource, call.profile);
    if (status === 201)
      headers.Location = `${call.req.baseUrl}${RESOURCE_TYPES[resource.type].endpoint}/${resource.id}`;
    return { status, body, headers };
  }

  private list(type: ResourceType, q: Record<string, string | undefined>, call: Call) {
    const { dialect, outcome, profile } = call;
    const { startIndex, count } = paging(q, profile);
    const sort = honoured(q.sortBy, profile.sort, 'sortBy', dialect);
    const sortBy = sort ? parseAttrPath(sort) : undefined;
    if (sortBy === null) throw badRequest(`sortBy '${q.sortBy}' is not an attribute path`, 'invalidValue');
    const sortOrder = q.sortOrder?.toLowerCase();
    if (sort && sortOrder && sortOrder !== 'ascending' && sortOrder !== 'descending')
      throw badRequest(`sortOrder must be "ascending" or "descending", got "${q.sortOrder}"`, 'invalidValue');
    const projection = projectionOf(type, q, profile, dialect);
    const filter = q.filter ? supportedFilter(q.filter, profile) : undefined;
    const { total, resources } = this.store.query(type, {
      ...(filter ? { filter: normalizeFilter(type, filter, dialect) } : {}),
      ...(sortBy ? { sortBy } : {}),
      sortOrder: sortOrder === 'descending' ? 'descending' : 'ascending',
      startIndex,
      count,
    });
    if (filter) checkMaxResults(total, profile);
    if (resources.length === 1) {
      outcome.resourceId = resources[0]!.id;
      outcome.subject = subjectOf(resources[0]!);
    }
    return listResponse(
      resources.map((r) => this.render(r, call, projection)),
      total,
      startIndex,
    );
  }

  /** POST /.search at the root (RFC 7644 §3.4.3): Users then Groups, paged as one list. */
  private searchAll(q: Record<string, string | undefined>, call: Call) {
    const { dialect, profile } = call;
    const { startIndex, count } = paging(q, profile);
    const filter = q.filter ? supportedFilter(q.filter, profile) : undefined;
    let skip = startIndex - 1;
    let room = count;
    let total = 0;
    const resources: JsonObject[] = [];
    for (const type of profile.groups ? (['User', 'Group'] as const) : (['User'] as const)) {
      let page;
      try {
        page = this.store.query(type, {
          ...(filter ? { filter: normalizeFilter(type, filter, dialect) } : {}),
          startIndex: skip + 1,
          count: room,
        });
      } catch (error) {
        // An attribute only one type has (userName) simply matches nothing of the other type.
        if (error instanceof ScimError && error.scimType === 'invalidFilter' && /Unknown attribute/.test(error.detail))
          continue;
        throw error;
      }
      total += page.total;
      skip = Math.max(0, skip - page.total);
      room -= page.resources.length;
      const projection = projectionOf(type, q, profile, dialect);
      resources.push(...page.resources.map((r) => this.render(r, call, projection)));
    }
    if (filter) checkMaxResults(total, profile);
    return listResponse(resources, total, startIndex);
  }

  private get(type: ResourceType, id: string, call: Call) {
    const { req, outcome } = call;
    outcome.operation = `get-${nounOf(type)}`;
    const found = this.load(type, id, outcome);
    if (req.ifNoneMatch && etagMatches(req.ifNoneMatch, found)) return { status: 304, headers: { ETag: etag(found) } };
    return this.respond(found, call, 200, projectionOf(type, req.query, call.profile, call.dialect));
  }

  private create(type: ResourceType, call: Call) {
    const { req, dialect, outcome } = call;
    outcome.operation = `create-${nounOf(type)}`;
    const data = normalizeResource(type, req.body, dialect);
    outcome.subject = subjectOf({ type, data });
    const memberIds = type === 'Group' && isObject(req.body) ? memberIdsOf(req.body, dialect) : [];
    const created = this.store.transaction(() => {
      const resource = this.store.create(type, data);
      if (memberIds.length)
        outcome.members = applyMemberChanges(this.store, resource.id, [{ kind: 'add', ids: memberIds }]);
      return resource;
    });
    outcome.resourceId = created.id;
    outcome.after = this.render(created, call, snapshotOf(type));
    return this.respond(created, call, 201);
  }

  private replace(type: ResourceType, id: string, call: Call) {
    const { req, dialect, outcome } = call;
    outcome.operation = `replace-${nounOf(type)}`;
    const data = normalizeResource(type, req.body, dialect);
    const memberIds = type === 'Group' && isObject(req.body) ? memberIdsOf(req.body, dialect) : null;
    const updated = this.store.transaction(() => {
      const existing = this.checked(type, id, call);
      outcome.before = this.render(existing, call, snapshotOf(type));
      const result = this.store.replace(existing, data);
      if (memberIds)
        outcome.members = applyMemberChanges(this.store, id, [{ kind: 'clear' }, { kind: 'add', ids: memberIds }]);
      return result;
    });
    outcome.operation = refineOperation(type, outcome.before, data, outcome.operation);
    outcome.subject = subjectOf(updated);
    outcome.after = this.render(updated, call, snapshotOf(type));
    return this.respond(updated, call, 200);
  }

  private patch(type: ResourceType, id: string, call: Call) {
    const { req, dialect, outcome, profile } = call;
    outcome.operation = `update-${nounOf(type)}`;
    const snapshot = snapshotOf(type);
    const updated = this.store.transaction(() => {
      const existing = this.checked(type, id, call);
      outcome.before = this.render(existing, call, snapshot);
      const { data, members } = applyPatch(type, existing.data, req.body, dialect, existing.id);
      const delta = applyMemberChanges(this.store, id, members);
      if (members.length) outcome.members = delta;
      const bodyChanged = JSON.stringify(data) !== JSON.stringify(existing.data);
      outcome.operation =
        members.length && !bodyChanged
          ? memberOperation(members)
          : refineOperation(type, outcome.before, data, outcome.operation);
      if (bodyChanged) return this.store.replace(existing, data);
      return delta.added + delta.removed ? this.store.touch(existing) : existing;
    });
    outcome.subject = subjectOf(updated);
    outcome.after = this.render(updated, call, snapshot);
    // RFC 7644 §3.5.2 allows 204 and 200. `resource` still answers a Group 204 unless attributes are
    // asked for: it spares serialising every member (and is what Okta's guide expects of groups).
    const asked = req.query.attributes || req.query.excludedAttributes;
    if (profile.patchResponse === 'no-content' || (type === 'Group' && !asked))
      return { status: 204, headers: etagHeader(updated, profile) };
    return this.respond(updated, call, 200, projectionOf(type, req.query, profile, dialect));
  }

  private remove(type: ResourceType, id: string, call: Call) {
    call.outcome.operation = `delete-${nounOf(type)}`;
    this.store.transaction(() => {
      const existing = this.checked(type, id, call);
      call.outcome.before = this.render(existing, call);
      this.store.delete(type, id);
    });
    return { status: 204, headers: {} };
  }

  /** Loads a resource for a write, honouring If-Match (RFC 7644 §3.14). */
  private checked(type: ResourceType, id: string, { req, outcome }: Call): StoredResource {
    const existing = this.load(type, id, outcome);
    if (req.ifMatch && !etagMatches(req.ifMatch, existing))
      throw new ScimError(
        412,
        `${type} ${id} has changed (its version is ${etag(existing)}, the request expected ${req.ifMatch})`,
      );
    return existing;
  }
}

const GET = ['GET', 'HEAD'] as const;
const POST = ['POST'] as const;

/** Path segments below the SCIM base, decoded. */
const segmentsOf = (path: string) => path.split('/').filter(Boolean).map(decodeURIComponent);

/**
 * The methods a path answers (RFC 9110 §15.5.6: a 405 lists them in `Allow`), or null when there is
 * nothing at the path. Known before the body is read, so a bad body never hides a wrong method.
 */
export function allowedMethods(path: string): readonly string[] | null {
  let segments: string[];
  try {
    segments = segmentsOf(path);
  } catch {
    return null; // malformed percent-encoding names nothing
  }
  const [first = '', id, extra] = segments;
  switch (first.toLowerCase()) {
    case 'serviceproviderconfig':
    case 'bulk':
    case '.search':
      return id === undefined ? (first.toLowerCase() === 'serviceproviderconfig' ? GET : POST) : null;
    case 'schemas':
    case 'resourcetypes':
      return extra === undefined ? GET : null;
  }
  if (!ENDPOINTS[first.toLowerCase()] || extra !== undefined) return null;
  if (id === '.search') return POST;
  return id === undefined ? [...GET, 'POST'] : [...GET, 'PUT', 'PATCH', 'DELETE'];
}

class MethodNotAllowed extends ScimError {
  constructor(
    method: string,
    path: string,
    readonly allow: readonly string[],
  ) {
    super(405, `${method} is not allowed on ${path}; use ${allow.filter((m) => m !== 'HEAD').join(', ')}`);
  }
}

/** The body of a POST .search, as the query parameters a GET would carry (RFC 7644 §3.4.3). */
function searchParams(body: unknown): Record<string, string | undefined> {
  const b = isObject(body) ? body : {};
  const text = (v: unknown) => (v === undefined || v === null ? undefined : Array.isArray(v) ? v.join(',') : String(v));
  return {
    filter: text(b.filter),
    sortBy: text(b.sortBy),
    sortOrder: text(b.sortOrder),
    startIndex: text(b.startIndex),
    count: text(b.count),
    attributes: text(b.attributes),
    excludedAttributes: text(b.excludedAttributes),
  };
}

const nounOf = (type: ResourceType) => (type === 'User' ? 'user' : 'group');

const etag = (r: StoredResource) => `W/"${r.version}"`;
const etagHeader = (r: StoredResource, profile: Profile): Record<string, string> =>
  profile.etag ? { ETag: etag(r) } : {};
const etagMatches = (header: string, r: StoredResource) =>
  header.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === `"${r.version}"`);

/**
 * startIndex and count as RFC 7644 §3.4.2.4 reads them: below 1 means 1, a negative count means 0,
 * and beyond the results simply means an empty page (clamped, so 1e20 is not a database error).
 */
function paging(q: Record<string, string | undefined>, profile: Profile): { startIndex: number; count: number } {
  const startIndex = Math.min(Number.MAX_SAFE_INTEGER, Math.max(1, intParam(q.startIndex, 'startIndex') ?? 1));
  const cap = Math.min(MAX_PAGE_SIZE, profile.maxPageSize); // a larger count is cut; itemsPerPage says so
  const count = Math.min(cap, Math.max(0, intParam(q.count, 'count') ?? DEFAULT_PAGE_SIZE));
  return { startIndex, count };
}

function intParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw badRequest(`${name} must be an integer, got "${value}"`, 'invalidValue');
  return n;
}

function subjectOf(r: { type: ResourceType; data: JsonObject }): string | null {
  const value = r.type === 'User' ? r.data.userName : r.data.displayName;
  return typeof value === 'string' ? value : null;
}

/** A replace that only flips `active` is, to a person, a disable or an enable. */
function refineOperation(
  type: ResourceType,
  before: JsonObject | null,
  after: JsonObject,
  fallback: Operation,
): Operation {
  if (type !== 'User' || !before || before.active === after.active) return fallback;
  return after.active === false ? 'disable-user' : 'enable-user';
}

function memberOperation(changes: { kind: string }[]): Operation {
  const kinds = new Set(changes.map((c) => c.kind));
  if (kinds.size === 1 && kinds.has('add')) return 'add-members';
  if (!kinds.has('add')) return 'remove-members';
  return 'update-members';
}
