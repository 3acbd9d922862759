/**
 * Input validation for every command, shared by the IPC handlers (main/) and the HTTP console
 * (app/http). Anything that reaches the engine from a UI has passed through here.
 */
import { z } from 'zod';
import type { CommandName } from './channels';
import { endpointId, endpointInputs } from './endpoints';
import { parseTunnelHost } from './tunnel-host';

const none = z.union([z.undefined(), z.null()]).transform(() => undefined);
const id = z.object({ id: z.number().int().positive() }).strict();
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO time');

/**
 * Where "Test connection" may send the live token: anywhere over https (a tunnel, a SCIM server),
 * and over plain http only to this machine — anything else would hand the token to the network.
 */
export function connectionTestUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.username || parsed.password) return 'must not carry a user name or password';
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname)) return null;
  return 'must be https://, or http:// on this machine (127.0.0.1, [::1] or localhost): the test sends the live token';
}

/** A rolling window, in minutes up to a year. */
const lastMinutes = z
  .number()
  .int()
  .min(1)
  .max(60 * 24 * 366)
  .optional();

export const trafficFilter = z
  .object({
    method: z
      .string()
      .regex(/^[A-Za-z]{1,10}$/)
      .optional(),
    statusClass: z.enum(['2xx', '3xx', '4xx', '5xx']).optional(),
    resourceType: z.string().max(40).optional(),
    resourceId: z.string().min(1).max(200).optional(),
    operation: z.string().max(60).optional(),
    client: z.enum(['entra', 'okta', 'console', 'curl', 'other']).optional(),
    deviated: z.boolean().optional(),
    faulted: z.boolean().optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    text: z.string().max(500).optional(),
    lastMinutes,
    hideConsoleReads: z.boolean().optional(),
    /** One endpoint's traffic (its id); absent: every endpoint's. */
    endpoint: endpointId.optional(),
  })
  .strict();
const trafficRange = {
  before: z.number().int().positive().optional(),
  after: z.number().int().min(0).optional(),
};

/** What to export (the console's streaming download route, the desktop's save dialog). */
export const exportRequest = z.object({ format: z.enum(['har', 'ndjson']), filter: trafficFilter }).strict();

export const commandInputs = {
  'info:get': none,
  'traffic:list': trafficFilter.extend({
    ...trafficRange,
    limit: z.number().int().min(1).max(500).optional(),
    offset: z.number().int().min(0).max(100_000_000).optional(),
  }),
  'traffic:get': id,
  'traffic:stats': trafficFilter.extend(trafficRange),
  'traffic:clear': none,
  'traffic:curl': z.object({ id: z.number().int().positive(), withToken: z.boolean().optional() }).strict(),
  'traffic:replay-preview': id,
  'traffic:replay': id,
  'backup:get-status': none,
  'backup:run-now': none,
  'backup:list': none,
  'backup:restore': z
    .object({ file: z.string().regex(/^bench-[\w-]+\.db$/, 'must be a generation file name from the manifest') })
    .strict(),
  'backup:check-folder': z.object({ dir: z.string().min(1).max(1024) }).strict(),
  'backup:new-set': z.object({ dir: z.string().min(1).max(1024) }).strict(),
  /** One endpoint's faults and the client's reactions (docs/faults.md), over the last minutes or the whole log. */
  'faults:summary': z
    .object({
      endpoint: endpointId,
      lastMinutes,
    })
    .strict(),
  'activity:cycles': z
    .object({
      before: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(200).optional(),
    })
    .strict(),
  'console:rotate-key': none,
  'auth:rotate-token': z
    .object({
      graceSeconds: z
        .number()
        .int()
        .min(0)
        .max(30 * 86_400),
      endpoint: endpointId.optional(),
    })
    .strict(),
  'settings:get': none,
  'settings:update': z
    .object({
      backupDir: z.string().min(1).max(1024).nullable().optional(),
      backupIntervalMs: z
        .number()
        .int()
        .min(10_000)
        .max(7 * 86_400_000)
        .optional(),
      backupGenerations: z.number().int().min(1).max(1000).optional(),
      strict: z.boolean().optional(),
      closeToTray: z.boolean().optional(),
      notifyOnBackupFailure: z.boolean().optional(),
      faultsPaused: z.boolean().optional(),
      // Saved as its normal form (`host[:port]`); what is not a host is refused with the reason.
      tunnelHost: z
        .string()
        .max(300)
        .transform((input, ctx) => {
          const parsed = parseTunnelHost(input);
          if ('host' in parsed) return parsed.host;
          ctx.addIssue({ code: 'custom', message: parsed.problem });
          return z.NEVER;
        })
        .nullable()
        .optional(),
      retention: z
        .object({
          maxEntries: z.number().int().min(100).max(10_000_000),
          maxAgeDays: z.number().int().min(1).max(3650),
          maxBytes: z
            .number()
            .int()
            .min(16 * 1024 * 1024)
            .max(1024 ** 4)
            .optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  /** Runs `scim-bench check` from the console: against a URL with its token, or one of the bench's endpoints. */
  'check:run': z
    .object({
      url: z
        .string()
        .max(2048)
        .superRefine((url, ctx) => {
          const problem = connectionTestUrlProblem(url);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .optional(),
      token: z.string().min(1).max(4096).optional(),
      endpoint: endpointId.optional(),
      profile: z.enum(['entra', 'okta', 'rfc', 'all']).default('all'),
      allowExisting: z.boolean().default(false),
    })
    .strict()
    .refine(
      (input) => Boolean(input.url) === Boolean(input.token),
      'give a URL with its token, or neither (an endpoint of the bench)',
    ),
  'check:cancel': none,
  'connect:test': z
    .object({
      url: z
        .string()
        .max(2048)
        .superRefine((url, ctx) => {
          const problem = connectionTestUrlProblem(url);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .optional(),
      endpoint: endpointId.optional(),
    })
    .strict(),
  'scim:request': z
    .object({
      method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
      // Only the resource endpoints: the console manages test data, nothing else.
      path: z
        .string()
        .regex(
          /^\/(Users|Groups)(\/[\w.-]+)?(\?[^#\s]*)?$/,
          'must be /Users or /Groups, optionally with an id and a query',
        ),
      body: z.unknown().optional(),
      endpoint: endpointId.optional(),
    })
    .strict(),
  ...endpointInputs,
} satisfies Record<CommandName, z.ZodType>;
