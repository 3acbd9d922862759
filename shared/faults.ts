/**
 * Fault rules: how an endpoint misbehaves on purpose, so a user can watch how the identity
 * provider reacts (docs/faults.md). A rule matches requests, does something to them, and fires on
 * a trigger; rules are tried in order and the first that matches and fires wins.
 */
import { z } from 'zod';
import { OPERATIONS, type Operation } from './operations';

const operation = z.string().refine((name): name is Operation => name in OPERATIONS, 'is not an operation');

/** Which requests a rule is about; every field given must match (an empty match is every request). */
export const faultMatchSchema = z
  .object({
    methods: z
      .array(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']))
      .max(5)
      .optional(),
    resourceType: z.enum(['User', 'Group']).optional(),
    /** What the request does (shared/operations.ts): `create-user`, `add-members`, `disable-user`… */
    operations: z.array(operation).max(40).optional(),
    /** A path below the SCIM base, `*` standing for one segment: `/Users/*`. */
    path: z
      .string()
      .regex(/^\/[\w.*/:-]{0,200}$/, 'must be a path below the SCIM base, like /Users or /Groups/*')
      .optional(),
    /** An attribute the body sets or the PATCH touches: `department`, `name.givenName`, `members`. */
    attribute: z
      .string()
      .regex(/^[\w.:$-]{1,300}$/)
      .optional(),
    clients: z
      .array(z.enum(['entra', 'okta', 'curl', 'other']))
      .max(4)
      .optional(),
  })
  .strict();

/** What a firing rule does to the request. */
export const faultActionSchema = z.discriminatedUnion('kind', [
  /** Answer normally, late: `ms` plus up to `jitterMs` more. */
  z
    .object({
      kind: z.literal('latency'),
      ms: z.number().int().min(0).max(300_000),
      jitterMs: z.number().int().min(0).max(300_000).default(0),
    })
    .strict(),
  /** 429 Too Many Requests with `Retry-After`, changing nothing. */
  z.object({ kind: z.literal('throttle'), retryAfterSeconds: z.number().int().min(0).max(86_400) }).strict(),
  /** A server error, changing nothing. */
  z
    .object({
      kind: z.literal('error'),
      status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
    })
    .strict(),
  /** Never answer: the connection stays open until the client gives up (closed after `maxMs`). */
  z.object({ kind: z.literal('hang'), maxMs: z.number().int().min(1000).max(600_000).default(300_000) }).strict(),
  /** Reset the connection (TCP RST) before answering, changing nothing. */
  z.object({ kind: z.literal('reset') }).strict(),
  /** A SCIM error about one attribute, e.g. 400 invalidValue on department, 409 uniqueness on userName. */
  z
    .object({
      kind: z.literal('attribute-error'),
      attribute: z.string().regex(/^[\w.:$-]{1,300}$/),
      status: z.union([z.literal(400), z.literal(409)]),
      scimType: z.enum(['invalidValue', 'uniqueness', 'mutability', 'invalidSyntax', 'invalidPath']),
    })
    .strict(),
  /** "It worked but said it failed": the change is applied, the answer is this error. */
  z
    .object({
      kind: z.literal('applied-but-error'),
      status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
    })
    .strict(),
  /** The real answer, damaged: cut in the middle, or not JSON at all. The change is applied. */
  z.object({ kind: z.literal('malformed'), shape: z.enum(['truncated', 'not-json']) }).strict(),
]);

/** When a matching request is faulted. Counts are of requests this rule matched. */
export const faultTriggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('always') }).strict(),
  /** Each matching request with probability `p`, drawn from `seed`: the same seed repeats the run. */
  z
    .object({
      kind: z.literal('probability'),
      p: z.number().min(0).max(1),
      seed: z.string().min(1).max(100),
    })
    .strict(),
  /** Every `n`th matching request (the nth, the 2nth, …). */
  z.object({ kind: z.literal('every'), n: z.number().int().min(1).max(1_000_000) }).strict(),
  /** The first `n` matching requests, then never. */
  z.object({ kind: z.literal('first'), n: z.number().int().min(1).max(1_000_000) }).strict(),
  /** Between two times (ISO). */
  z
    .object({ kind: z.literal('window'), from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
    .strict()
    .refine((w) => Date.parse(w.from) < Date.parse(w.to), 'from must be before to'),
  /** On for `onSeconds` at the start of every `everySeconds`, counted from when the rule was armed. */
  z
    .object({
      kind: z.literal('schedule'),
      onSeconds: z.number().int().min(1).max(86_400),
      everySeconds: z
        .number()
        .int()
        .min(2)
        .max(7 * 86_400),
    })
    .strict()
    .refine((s) => s.onSeconds < s.everySeconds, 'onSeconds must be shorter than everySeconds'),
]);

export const faultRuleSchema = z
  .object({
    id: z.string().regex(/^[\w-]{1,40}$/),
    name: z.string().min(1).max(120),
    enabled: z.boolean().default(true),
    match: faultMatchSchema,
    action: faultActionSchema,
    when: faultTriggerSchema,
  })
  .strict();

export const faultRulesSchema = z
  .array(faultRuleSchema)
  .max(50)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'two rules have the same id');

export type FaultMatch = z.infer<typeof faultMatchSchema>;
export type FaultAction = z.infer<typeof faultActionSchema>;
export type FaultTrigger = z.infer<typeof faultTriggerSchema>;
export type FaultRule = z.infer<typeof faultRuleSchema>;

/** What the traffic log keeps of a fault that fired on a request. */
export interface FaultMark {
  ruleId: string;
  ruleName: string;
  action: FaultAction['kind'];
  /** In words: "answered 429 with Retry-After: 30", "reset the connection". */
  did: string;
  /** Whether the request's change was applied (only latency, applied-but-error and malformed apply it). */
  applied: boolean;
  /** `Retry-After` sent, in seconds (throttle). */
  retryAfterSeconds?: number;
}
