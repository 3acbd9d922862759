/**
 * Endpoints: isolated SCIM apps in one bench, each with its own URL, credentials, data, profile,
 * schema and traffic. The default endpoint keeps the original URL (`/scim/v2`), so nothing set up
 * in an identity provider breaks; every other one is served at `/scim/<name>/v2`.
 */
import { z } from 'zod';
import { endpointSchemaSchema, type EndpointSchema } from './custom-schema';
import { faultRulesSchema, type FaultRule } from './faults';
import { PRESET_NAMES, profileSchema, type PresetName, type Profile } from './profile';

/** The id of the endpoint that upgraded data folders keep their data in (served at `/scim/v2`). */
export const DEFAULT_ENDPOINT_ID = 'default';

/**
 * Names that would collide with a SCIM path below `/scim` (`/scim/Users` is the default endpoint's
 * short base) or with the bench's own routes.
 */
export const RESERVED_NAMES = [
  'v2',
  'users',
  'groups',
  'schemas',
  'serviceproviderconfig',
  'resourcetypes',
  'bulk',
  'me',
  '.search',
  'oauth',
  'api',
] as const;

/** A name is the URL segment: lower-case letters, digits and dashes, 1–40 characters. */
export const endpointName = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
    'must be 1–40 lower-case letters, digits or dashes (it is part of the URL)',
  )
  .refine((name) => !(RESERVED_NAMES as readonly string[]).includes(name), 'is reserved (it is a SCIM path)');

export const endpointId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be an endpoint id');

/** What the console shows of one endpoint. */
export interface EndpointInfo {
  /** Stable across renames: traffic, credentials and data are keyed by it. */
  id: string;
  name: string;
  isDefault: boolean;
  /** The base URL a client is given (`…/scim/v2` for the default endpoint, `…/scim/<name>/v2` otherwise). */
  scimUrl: string;
  token: string;
  previousTokenValidUntil: string | null;
  oauth: { clientId: string; clientSecret: string; tokenUrl: string };
  /** Paused endpoints answer 503 (and are still recorded). */
  paused: boolean;
  /** The preset the profile equals, or null when it was edited. */
  preset: PresetName | null;
  profile: Profile;
  schema: EndpointSchema;
  /** Fault rules, tried in order (docs/faults.md); the global switch `Settings.faultsPaused` stops them all. */
  faults: FaultRule[];
  users: number;
  groups: number;
  created: string;
}

/** What a reset or a delete removed. */
export interface EndpointRemoval {
  users: number;
  groups: number;
}

/** What a restore brought back, per endpoint. */
export interface EndpointRestored {
  id: string;
  name: string;
  users: number;
  groups: number;
}

export const endpointInputs = {
  'endpoints:list': z.union([z.undefined(), z.null()]).transform(() => undefined),
  'endpoints:create': z
    .object({
      name: endpointName,
      preset: z.enum(PRESET_NAMES).optional(),
      profile: profileSchema.optional(),
      schema: endpointSchemaSchema.optional(),
      faults: faultRulesSchema.optional(),
    })
    .strict(),
  'endpoints:update': z
    .object({
      id: endpointId,
      name: endpointName.optional(),
      paused: z.boolean().optional(),
      preset: z.enum(PRESET_NAMES).optional(),
      profile: profileSchema.optional(),
      schema: endpointSchemaSchema.optional(),
      faults: faultRulesSchema.optional(),
    })
    .strict(),
  'endpoints:reset': z.object({ id: endpointId }).strict(),
  'endpoints:delete': z.object({ id: endpointId }).strict(),
} as const;

/** What each endpoint command answers (what it takes is `endpointInputs`). */
export interface EndpointCommandOutputs {
  'endpoints:list': EndpointInfo[];
  'endpoints:create': EndpointInfo;
  /** Rename, pause or resume, change the profile (or choose a preset) or the schema. */
  'endpoints:update': EndpointInfo;
  /** Wipes the endpoint's users and groups; its settings, credentials and traffic stay. */
  'endpoints:reset': EndpointRemoval;
  /** Deletes an endpoint with its data and credentials (not the default one). */
  'endpoints:delete': EndpointRemoval;
}
