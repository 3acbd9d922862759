/**
 * A profile: how one endpoint behaves, as data. The SCIM service reads it per request, discovery
 * (`/ServiceProviderConfig`, `/Schemas`, `/ResourceTypes`) describes it, and the console edits it.
 * Presets are named profiles; an edited preset is simply a profile (docs/profiles.md).
 */
import { z } from 'zod';

/** What a deviation from RFC 7643/7644 gets: accepted with a note, or refused with a 400. */
export const deviationAnswer = z.enum(['accept', 'refuse']);

export const profileSchema = z
  .object({
    /** Dialect codes (app/scim/dialect-codes.ts): `default` for every deviation, `codes` per code. */
    dialect: z
      .object({
        default: deviationAnswer,
        codes: z.record(z.string().regex(/^[a-z][a-z-]{1,60}$/), deviationAnswer),
      })
      .strict(),
    /** An attribute no schema declares: 400 invalidPath, ignored with a note, or stored as sent. */
    unknownAttributes: z.enum(['refuse', 'ignore', 'store']),
    bulk: z
      .object({
        supported: z.boolean(),
        maxOperations: z.number().int().min(1).max(1000),
        maxPayloadSize: z
          .number()
          .int()
          .min(1024)
          .max(10 * 1024 * 1024),
      })
      .strict(),
    sort: z.boolean(),
    etag: z.boolean(),
    filter: z
      .object({
        supported: z.boolean(),
        /** The most resources a filtered query answers (advertised as filter.maxResults). */
        maxResults: z.number().int().min(1).max(1000),
        /** Only these `attribute operator` pairs (`userName eq`); null allows the whole grammar. */
        only: z
          .array(z.string().regex(/^[\w.:-]{1,200} (eq|ne|co|sw|ew|gt|ge|lt|le|pr)$/))
          .max(50)
          .nullable(),
      })
      .strict(),
    changePassword: z.boolean(),
    /** The Groups resource type at all (discovery, /Groups, Bulk operations on groups). */
    groups: z.boolean(),
    /** POST `.search` (RFC 7644 §3.4.3). */
    search: z.boolean(),
    /** PATCH answers 204 No Content, or 200 with the resource (RFC 7644 §3.5.2 allows both). */
    patchResponse: z.enum(['no-content', 'resource']),
    /** The largest page any list answers (`count` above it is cut to it). */
    maxPageSize: z.number().int().min(1).max(1000),
    /** Whether `excludedAttributes` is honoured (an app that ignores it answers every attribute). */
    excludedAttributes: z.boolean(),
    /** userName compared case-sensitively (RFC 7643 says caseExact false). */
    userNameCaseExact: z.boolean(),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;

export const PRESET_NAMES = ['entra-friendly', 'rfc-strict', 'typical-saas', 'okta-style', 'minimal'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Today's behaviour: every documented client deviation accepted with a note. */
const ENTRA_FRIENDLY: Profile = {
  dialect: { default: 'accept', codes: {} },
  unknownAttributes: 'ignore',
  bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 10 * 1024 * 1024 },
  sort: true,
  etag: true,
  filter: { supported: true, maxResults: 1000, only: null },
  changePassword: false,
  groups: true,
  search: true,
  patchResponse: 'resource',
  maxPageSize: 1000,
  excludedAttributes: true,
  userNameCaseExact: false,
};

export const PRESETS: Record<PresetName, { title: string; summary: string; profile: Profile }> = {
  'entra-friendly': {
    title: 'Entra-friendly',
    summary: 'Accepts what Microsoft Entra and Okta are known to send, with a note on each deviation.',
    profile: ENTRA_FRIENDLY,
  },
  'rfc-strict': {
    title: 'RFC strict',
    summary: 'Refuses every deviation from RFC 7643/7644 and every unknown attribute, as the RFCs allow.',
    profile: { ...ENTRA_FRIENDLY, dialect: { default: 'refuse', codes: {} }, unknownAttributes: 'refuse' },
  },
  'typical-saas': {
    title: 'Typical SaaS app',
    summary: 'Rejects unknown attributes, caps pages at 100, has no Bulk and no ETags.',
    profile: {
      ...ENTRA_FRIENDLY,
      unknownAttributes: 'refuse',
      bulk: { ...ENTRA_FRIENDLY.bulk, supported: false },
      etag: false,
      filter: { supported: true, maxResults: 100, only: null },
      maxPageSize: 100,
    },
  },
  'okta-style': {
    title: 'Okta-style',
    summary: "Shaped like Okta's SCIM 2.0 guide: pages of 100, no Bulk, no sort, no ETags, PATCH answers the resource.",
    profile: {
      ...ENTRA_FRIENDLY,
      bulk: { ...ENTRA_FRIENDLY.bulk, supported: false },
      sort: false,
      etag: false,
      filter: { supported: true, maxResults: 100, only: null },
      maxPageSize: 100,
      patchResponse: 'resource',
    },
  },
  minimal: {
    title: 'Minimal',
    summary: 'Users only, looked up by `userName eq` only: no Groups, Bulk, sort, ETags or .search.',
    profile: {
      ...ENTRA_FRIENDLY,
      bulk: { ...ENTRA_FRIENDLY.bulk, supported: false },
      sort: false,
      etag: false,
      filter: { supported: true, maxResults: 100, only: ['userName eq'] },
      groups: false,
      search: false,
      maxPageSize: 100,
      patchResponse: 'no-content',
    },
  },
};

export const DEFAULT_PRESET: PresetName = 'entra-friendly';

/** A copy of a preset's profile (callers may change it). */
export const presetProfile = (name: PresetName): Profile => structuredClone(PRESETS[name].profile);
