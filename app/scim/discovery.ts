/** Discovery documents (RFC 7644 §4): they describe exactly what this server does. */
import type { Profile } from '../../shared/profile';
import { COMMON_ATTRIBUTES, RESOURCE_TYPES, SCHEMAS, type SchemaDef } from './schemas';

export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
export const MAX_BULK_OPERATIONS = 1000;

/** The endpoint's profile, as RFC 7643 §5 says it (docs/profiles.md: what each field does). */
export function serviceProviderConfig(baseUrl: string, profile: Profile) {
  const { bulk, filter } = profile;
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
    patch: { supported: true },
    bulk: bulk.supported
      ? { supported: true, maxOperations: bulk.maxOperations, maxPayloadSize: bulk.maxPayloadSize }
      : { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: filter.supported, maxResults: filter.supported ? filter.maxResults : 0 },
    changePassword: { supported: profile.changePassword }, // accepted, never stored (docs/scim.md)
    sort: { supported: profile.sort },
    etag: { supported: profile.etag },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'The secret token shown by SCIM Bench, sent as "Authorization: Bearer <token>".',
        primary: true,
      },
      {
        type: 'oauth2',
        name: 'OAuth 2.0 client credentials',
        description:
          'Client credentials grant (RFC 6749 §4.4) at /oauth/token; send the access token as a Bearer token.',
        specUri: 'https://datatracker.ietf.org/doc/html/rfc6749#section-4.4',
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function schemaDocument(schema: SchemaDef, baseUrl: string) {
  const isCore = Object.values(RESOURCE_TYPES).some((rt) => rt.schema === schema.id);
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    // Common attributes (id, externalId, meta) are listed with the core schemas so clients see them.
    attributes: isCore
      ? [...schema.attributes, ...COMMON_ATTRIBUTES.filter((a) => a.name === 'externalId')]
      : schema.attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

export const schemaDocuments = (baseUrl: string) => SCHEMAS.map((s) => schemaDocument(s, baseUrl));

export function resourceTypeDocuments(baseUrl: string) {
  return Object.values(RESOURCE_TYPES).map((rt) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: rt.name,
    name: rt.name,
    endpoint: rt.endpoint,
    description: rt.name === 'User' ? 'User Account' : 'Group',
    schema: rt.schema,
    schemaExtensions: rt.extensions.map((schema) => ({ schema, required: false })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${rt.name}` },
  }));
}

export function listResponse(resources: unknown[], total: number, startIndex: number) {
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
