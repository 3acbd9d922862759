/**
 * Fault rules: how an endpoint misbehaves on purpose, so a user can watch how the identity
 * provider reacts (docs/faults.md). A rule matches requests, does something to them, and fires on
 * a trigger; rules are tried in order and the first that matches and fires wins.
 */
import { z } from 'zod';
import { OPERATIONS, type Operation } from './operations';
import type { ClientKind } from './types';

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

/** Rules an endpoint may have: each is tried on every request, in order. */
export const MAX_FAULT_RULES = 50;

export const faultRulesSchema = z
  .array(faultRuleSchema)
  .max(MAX_FAULT_RULES)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'two rules have the same id');

export type FaultMatch = z.infer<typeof faultMatchSchema>;
export type FaultAction = z.infer<typeof faultActionSchema>;
export type FaultTrigger = z.infer<typeof faultTriggerSchema>;
export type FaultRule = z.infer<typeof faultRuleSchema>;

/** What the traffic log keeps of a fault that fired on a request (`TrafficSummary.fault`). */
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

/**
 * Where a request stands among the attempts of one faulted request (`TrafficSummary.reaction`): a
 * faulted request opens an episode, and the client's later requests with the same method, target
 * and body are its further attempts, until one is answered without a fault and succeeds.
 */
export interface FaultReaction {
  /** The episode's id (the same on every attempt). */
  episode: string;
  /** 1 for the request that was faulted first, 2 for the first retry, … */
  attempt: number;
  /** Since the previous attempt; null on the first. */
  sincePreviousMs: number | null;
  /** The previous attempt was answered 429 with Retry-After: whether this one waited that long; else null. */
  honoured: boolean | null;
  /** The userName or displayName the request was about, when the bench read one (for sentences). */
  subject?: string | null;
}

/** What became of an episode: retried until it succeeded, still being retried, or left. */
export type EpisodeState = 'recovered' | 'retrying' | 'gave-up';

/** One faulted request and the client's reaction to it, as Activity and the Faults screen tell it. */
export interface FaultEpisode {
  id: string;
  client: ClientKind;
  operation: Operation;
  /** The userName or displayName it was about, when known. */
  subject: string | null;
  method: string;
  path: string;
  ruleId: string;
  ruleName: string;
  action: FaultAction['kind'];
  attempts: Array<{
    entryId: number;
    time: string;
    /** 0: no answer (the connection was reset or held open). */
    status: number;
    /** The fault that fired on this attempt, or null: answered as the bench normally would. */
    fault: FaultMark | null;
    sincePreviousMs: number | null;
    honoured: boolean | null;
  }>;
  /** Retry-After sent on any attempt (seconds), or null when none was. */
  retryAfterSeconds: number | null;
  /** Whether every retry after a 429 waited at least its Retry-After; null when there was none to honour. */
  honoured: boolean | null;
  state: EpisodeState;
  /** The client's next request after the last attempt (another one), or null when none came yet. */
  next: { entryId: number; sentence: string } | null;
  /** In words: "Entra retried the create of alice@contoso.com 3 times, after 30 s, 60 s and 120 s; it honoured Retry-After: 30". */
  sentence: string;
}

/** One endpoint's faults and reactions over a time range (`faults:summary`). */
export interface FaultSummary {
  endpoint: string;
  /** ISO times of the range asked for (null: open). */
  from: string | null;
  to: string | null;
  /** The global switch: while true nothing is faulted. */
  paused: boolean;
  /** Requests a rule faulted. */
  injected: number;
  byRule: Array<{ ruleId: string; ruleName: string; injected: number }>;
  /** Attempts after the first, over every episode. */
  retries: number;
  /** Delays between attempts, in ms. */
  delays: { count: number; minMs: number | null; medianMs: number | null; p90Ms: number | null; maxMs: number | null };
  /** Delays in buckets (under 1 s, 1–10 s, 10–60 s, 1–10 min, 10 min+), for the distribution. */
  delayBuckets: Array<{ label: string; count: number }>;
  recovered: number;
  retrying: number;
  gaveUp: number;
  /** Episodes in the range. */
  episodesTotal: number;
  /** Newest first, at most `FAULT_EPISODES_LISTED`: a cut list says so (episodesTotal > episodes.length). */
  episodes: FaultEpisode[];
}

export const FAULT_EPISODES_LISTED = 100;
/** An episode whose last attempt failed and has not been retried for this long is counted as given up. */
export const GIVE_UP_AFTER_MS = 10 * 60_000;

export interface FaultCommandOutputs {
  'faults:summary': FaultSummary;
}
