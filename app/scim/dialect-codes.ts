/**
 * Every note the bench can attach to a request, in one table: what the client sent (a deviation
 * from RFC 7643/7644 the bench accepted, which a profile may refuse per code) or what the bench did on its own
 * account (never refused). The code union, the traffic view's "strayed from the RFC" marker and
 * the table in docs/scim.md (checked by a test) all come from here.
 */
export const DIALECT_CODES = {
  'string-boolean': { kind: 'deviation', what: 'a boolean as a string in any case: `"False"` (Entra)' },
  'capitalised-op': { kind: 'deviation', what: '`"Replace"`, `"Add"`, `"Remove"` (Entra)' },
  'remove-members-with-value': {
    kind: 'deviation',
    what: '`Remove` on `members` with a `value` list: only those members are removed (Entra)',
  },
  'pathless-dotted-key': { kind: 'deviation', what: 'a path-less operation with `"name.givenName"` keys (Entra)' },
  'pathless-urn-key': {
    kind: 'deviation',
    what: 'a path-less operation with `"urn:…:enterprise:2.0:User:department"` keys (Entra)',
  },
  'manager-without-urn': {
    kind: 'deviation',
    what: '`manager` without its schema — as a PATCH path, a key or in a filter (`manager eq "<id>"` means its `value`) — for the enterprise extension\'s manager (Microsoft\'s tutorial)',
  },
  'legacy-dot-urn': {
    kind: 'deviation',
    what: '`urn:…:enterprise:2.0:User.manager`, the dot form of older Entra jobs, for `urn:…:enterprise:2.0:User:manager`',
  },
  'unquoted-filter-value': {
    kind: 'deviation',
    what: "a filter value without quotes (`externalId eq jyoung`, `meta.created gt 2015-10-10T14:38:21Z`), read as the attribute's type (Microsoft's samples)",
  },
  'value-path-sub-filter': {
    kind: 'deviation',
    what: '`emails[type eq "work"].value eq "x"` in a filter, a PATCH path form that Microsoft\'s tutorial says servers must accept; read as `emails[type eq "work" and value eq "x"]`',
  },
  'bare-complex-value': { kind: 'deviation', what: '`manager` (or a member) as a bare id instead of `{ "value": … }`' },
  'array-wrapped-scalar': { kind: 'deviation', what: 'a single-valued attribute wrapped in a one-element array' },
  'wrapped-single': { kind: 'deviation', what: 'a multi-valued attribute sent as a single value' },
  'filter-creates': {
    kind: 'deviation',
    what: 'a filtered path that matched nothing (`addresses[type eq "work"].locality`): the entry is created',
  },
  'string-number': { kind: 'deviation', what: 'a number as a string' },
  'non-string': { kind: 'deviation', what: 'a number or boolean where a string belongs' },
  'many-primary': { kind: 'deviation', what: 'more than one `primary: true`; the last one is kept' },
  'custom-extension': {
    kind: 'deviation',
    what: 'a custom extension schema (`urn:…:extension:CustomExtensionName:2.0:User`) or one of its attributes: stored as sent, listed in `schemas`, patchable by its URN path or whole (not filterable)',
  },
  'unknown-attribute': {
    kind: 'deviation',
    what: "in a POST or PUT body, an attribute the schemas do not define: ignored, or stored as sent, as the profile's `unknownAttributes` says (a PATCH that names one is a 400 `invalidPath`)",
  },
  'remove-matched-nothing': {
    kind: 'deviation',
    what: 'a `remove` whose value filter matched nothing (`emails[value eq "gone@x"]`): nothing is removed (RFC 7644 §3.12 calls it `noTarget`, which refusing this code answers)',
  },
  'read-only': { kind: 'deviation', what: 'a PATCH of a read-only attribute (`id`, `meta`, `groups`): ignored' },
  'patch-schema-missing': { kind: 'deviation', what: 'a PATCH without the PatchOp schema URN' },
  'password-not-stored': { kind: 'bench', what: 'a `password`: accepted, never stored or returned' },
  'secret-not-stored': {
    kind: 'bench',
    what: 'an attribute of a custom extension named like a secret (`password`, `…Password`, `…secret…`): not stored',
  },
  'not-honoured': {
    kind: 'bench',
    what: "a parameter the endpoint's profile does not honour (`sortBy` without sort, `excludedAttributes`): ignored, as an app without it would (docs/profiles.md)",
  },
  'previous-token': {
    kind: 'bench',
    what: 'the bearer token that a rotation replaced, during its grace period: accepted, and flagged with when it stops working',
  },
} as const satisfies Record<string, { kind: 'deviation' | 'bench'; what: string }>;

export type DialectCode = keyof typeof DIALECT_CODES;

/** Did the client stray from the RFC (as opposed to a note about what the bench did)? */
export const isDeviation = (code: string) =>
  (DIALECT_CODES as Record<string, { kind: string }>)[code]?.kind === 'deviation';

/** The table of notes in docs/scim.md, generated from DIALECT_CODES (dialect-codes.test.ts checks it). */
export function dialectTable(): string {
  const rows = Object.entries(DIALECT_CODES).map(
    ([code, { kind, what }]) => `| \`${code}\` | ${kind === 'deviation' ? 'client' : 'bench'} | ${what} |`,
  );
  return ['| code | from | what was sent, or what the bench did |', '| --- | --- | --- |', ...rows].join('\n');
}
