/**
 * RFC 7643/7644 checks of discovery, and of the shape of every answer the run got (these come last
 * and judge what every step before them received).
 */
import { randomUUID } from 'node:crypto';
import { GROUP_SCHEMA, SCHEMAS, USER_SCHEMA, type AttrDef } from '../scim/schemas';
import type { Exchange } from './check-http';
import { ERROR, LIST } from './scim-bodies';
import { answered, fail, objectOf, pass, warn, type Step } from './check-step';

const SPC = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const SCIM_JSON = /^application\/scim\+json\b/i;

const listOf = (ex: Exchange) => {
  const list = objectOf(ex);
  return list && Array.isArray(list.Resources) ? (list.Resources as Record<string, unknown>[]) : null;
};

export const RFC_DISCOVERY_STEPS: Step[] = [
  {
    id: 'rfc-service-provider-config',
    profile: 'rfc',
    title: 'ServiceProviderConfig says what the server supports',
    source: 'RFC 7643 §5, RFC 7644 §4',
    run: async (ctx) => {
      const ex = await ctx.send('GET', '/ServiceProviderConfig');
      const spc = objectOf(ex);
      if (ex.status !== 200 || !spc)
        return fail(`GET /ServiceProviderConfig ${answered(ex)}`, 'Clients read it to learn what to send');
      const missing = ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag', 'authenticationSchemes'].filter(
        (k) => !(k in spc),
      );
      if (!(Array.isArray(spc.schemas) && spc.schemas.includes(SPC))) missing.unshift('schemas (with its URN)');
      return missing.length
        ? fail(`It lacks ${missing.join(', ')}`)
        : pass('200, with every attribute RFC 7643 §5 requires');
    },
  },
  {
    id: 'rfc-resource-types',
    profile: 'rfc',
    title: 'ResourceTypes lists User at /Users',
    source: 'RFC 7643 §6, RFC 7644 §4',
    run: async (ctx) => {
      const ex = await ctx.send('GET', '/ResourceTypes');
      const types = listOf(ex);
      if (ex.status !== 200 || !types) return fail(`GET /ResourceTypes ${answered(ex)}`);
      return types.some((t) => t.name === 'User' && t.endpoint === '/Users')
        ? pass(`200, ${types.length} resource types`)
        : fail('The list has no User resource type at /Users');
    },
  },
  {
    id: 'rfc-schemas',
    profile: 'rfc',
    title: 'Schemas describes the User schema',
    source: 'RFC 7643 §7, RFC 7644 §4',
    run: async (ctx) => {
      const ex = await ctx.send('GET', '/Schemas');
      const schemas = listOf(ex);
      if (ex.status !== 200 || !schemas) return fail(`GET /Schemas ${answered(ex)}`);
      const user = schemas.find((s) => s.id === 'urn:ietf:params:scim:schemas:core:2.0:User');
      return user && Array.isArray(user.attributes)
        ? pass(`200, ${schemas.length} schemas`)
        : fail('The User schema is not described');
    },
  },
  {
    id: 'rfc-not-found',
    profile: 'rfc',
    title: 'A resource that does not exist is a 404 SCIM Error',
    source: 'RFC 7644 §3.12',
    run: async (ctx) => {
      const ex = await ctx.send('GET', `/Users/${randomUUID()}`);
      if (ex.status !== 404) return fail(`A missing user ${answered(ex)}`, 'Clients tell a deleted user by this 404');
      const body = objectOf(ex);
      return Array.isArray(body?.schemas) && body.schemas.includes(ERROR) && body.status === '404'
        ? pass('404 with a SCIM Error (status "404")')
        : fail('404, but not a SCIM Error with status as the string "404"');
    },
  },
];

/** What a JSON value is, in the terms of a SCIM attribute type. */
function fitsType(type: AttrDef['type'], value: unknown): boolean {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'decimal':
      return typeof value === 'number';
    case 'complex':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return typeof value === 'string';
  }
}

/** Attributes of a resource whose JSON type is not the one the schema (the bench's own, RFC 7643 §4) gives them. */
function mistyped(resource: Record<string, unknown>, schemaId: string): string[] {
  const schema = SCHEMAS.find((s) => s.id === schemaId);
  const out: string[] = [];
  for (const attr of schema?.attributes ?? []) {
    const value = resource[attr.name];
    if (value === undefined || value === null) continue;
    const values = attr.multiValued ? (Array.isArray(value) ? value : [value]) : [value];
    if (attr.multiValued && !Array.isArray(value)) out.push(`${attr.name} (not a list)`);
    else if (values.some((v) => !fitsType(attr.type, v))) out.push(`${attr.name} (not ${attr.type})`);
  }
  return out;
}

export const RFC_ANSWER_STEPS: Step[] = [
  {
    id: 'rfc-resources',
    profile: 'rfc',
    title: 'Every resource answered has an id, schemas, meta, and attributes of their schema’s types',
    source: 'RFC 7643 §3, §3.1, §4',
    run: async (ctx) => {
      const resources = ctx
        .history()
        .filter(
          (ex) =>
            ex.status !== null && ex.status < 300 && /^\/(Users|Groups)\/[^/?]+(\?|$)|^\/(Users|Groups)$/.test(ex.path),
        )
        .map((ex) => ({ ex, body: objectOf(ex) }))
        .filter(({ ex, body }) => body && ex.method !== 'DELETE');
      if (!resources.length) return warn('No resource answer to judge');
      const problems: string[] = [];
      let lacksMeta = 0;
      for (const { ex, body } of resources) {
        const r = body!;
        const where = `${ex.method} ${ex.path}`;
        if (typeof r.id !== 'string' || !r.id) problems.push(`${where}: no id`);
        if (!Array.isArray(r.schemas) || !r.schemas.length) problems.push(`${where}: no schemas`);
        const meta = r.meta as { resourceType?: unknown; location?: unknown } | undefined;
        if (typeof meta?.resourceType !== 'string' || typeof meta.location !== 'string') lacksMeta++;
        const schema = /^\/Users/.test(ex.path) ? USER_SCHEMA : GROUP_SCHEMA;
        for (const m of mistyped(r, schema)) problems.push(`${where}: ${m}`);
      }
      if (problems.length)
        return fail(
          `${problems.length} problem(s) in ${resources.length} resources; the first: ${problems[0]}`,
          'Clients read these attributes by their schema type; "true" is not a boolean to them',
        );
      return lacksMeta
        ? warn(`${lacksMeta} of ${resources.length} resources lack meta.resourceType or meta.location`)
        : pass(`All ${resources.length} resources`);
    },
  },
  {
    id: 'rfc-content-type',
    profile: 'rfc',
    title: 'Every answer with a body is application/scim+json',
    source: 'RFC 7644 §3.1, §8.1',
    run: async (ctx) => {
      const bodies = ctx.history().filter((ex) => ex.status !== null && ex.responseText);
      const wrong = bodies.filter((ex) => !SCIM_JSON.test(ex.contentType ?? ''));
      if (!bodies.length) return warn('No answer with a body to judge');
      if (!wrong.length) return pass(`All ${bodies.length} answers`);
      const first = wrong[0]!;
      return fail(
        `${wrong.length} of ${bodies.length} answers are not; the first: ${first.method} ${first.path} as ${first.contentType ?? 'no type'}`,
        "Microsoft's hosted SCIM validator stops at an application/json answer",
      );
    },
  },
  {
    id: 'rfc-errors',
    profile: 'rfc',
    title: 'Every error is a SCIM Error document',
    source: 'RFC 7644 §3.12',
    run: async (ctx) => {
      const errors = ctx.history().filter((ex) => ex.status !== null && ex.status >= 400);
      const wrong = errors.filter((ex) => {
        const body = objectOf(ex);
        return !(Array.isArray(body?.schemas) && body.schemas.includes(ERROR) && body.status === String(ex.status));
      });
      if (!errors.length) return warn('No error answer to judge');
      return wrong.length
        ? fail(
            `${wrong.length} of ${errors.length} errors are not (the first: ${wrong[0]!.method} ${wrong[0]!.path} → ${wrong[0]!.status})`,
            'Clients show the detail of a SCIM Error in their logs; anything else is an unexplained failure',
          )
        : pass(`All ${errors.length} errors`);
    },
  },
  {
    id: 'rfc-list-responses',
    profile: 'rfc',
    title: 'Every list is a ListResponse',
    source: 'RFC 7644 §3.4.2',
    run: async (ctx) => {
      const lists = ctx
        .history()
        .filter((ex) => ex.method === 'GET' && ex.status === 200 && /^\/(Users|Groups)\?/.test(ex.path));
      const wrong = lists.filter((ex) => {
        const body = objectOf(ex);
        return !(Array.isArray(body?.schemas) && body.schemas.includes(LIST) && typeof body.totalResults === 'number');
      });
      if (!lists.length) return warn('No list answer to judge');
      return wrong.length
        ? fail(`${wrong.length} of ${lists.length} lists are not (the first: ${wrong[0]!.path})`)
        : pass(`All ${lists.length} lists`);
    },
  },
];
