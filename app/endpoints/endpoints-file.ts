/**
 * The endpoints file `serve --endpoints FILE` (and the desktop's SCIM_BENCH_ENDPOINTS) applies at
 * start: each endpoint named there is created when missing, and its preset or profile, schema,
 * fault rules and pause set when given. It never deletes an endpoint, so removing a line from the file loses no
 * data. Everything is checked before anything is applied: one bad entry, and nothing changes.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { endpointSchemaSchema } from '../../shared/custom-schema';
import { endpointName } from '../../shared/endpoints';
import { FAULT_PRESET_IDS, presetRules } from '../../shared/fault-presets';
import { MAX_FAULT_RULES, faultRuleSchema } from '../../shared/faults';
import { PRESET_NAMES, presetProfile, profileSchema, type Profile } from '../../shared/profile';
import { MIN_TOKEN_LENGTH, UsageError } from '../launch-options';
import { profileProblems } from '../profiles/profile-problems';
import { schemaProblems } from '../scim/schema-set';
import type { EndpointRegistry } from './endpoint-registry';

const entrySchema = z
  .object({
    // `default` names the default endpoint (/scim/v2): its profile and schema can be set here too.
    name: z.union([z.literal('default'), endpointName]),
    preset: z.enum(PRESET_NAMES).optional(),
    profile: profileSchema.optional(),
    schema: endpointSchemaSchema.optional(),
    /** A fixed bearer token for this endpoint, as `--token` is for the default one. */
    token: z.string().min(MIN_TOKEN_LENGTH, `must be at least ${MIN_TOKEN_LENGTH} characters`).optional(),
    paused: z.boolean().optional(),
    /** Fault rules in order (docs/faults.md); `{ "preset": "busy-app" }` stands for that preset's rules. */
    faults: z
      .array(z.union([faultRuleSchema, z.object({ preset: z.enum(FAULT_PRESET_IDS) }).strict()]))
      .max(50)
      .transform((items) => items.flatMap((item) => ('preset' in item ? presetRules(item.preset) : [item])))
      // Counted again once presets are expanded: six presets and 44 rules of one's own are 51 rules.
      .refine((rules) => rules.length <= MAX_FAULT_RULES, {
        message: `at most ${MAX_FAULT_RULES} rules, counted with each preset's rules`,
      })
      .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'two rules have the same id')
      .optional(),
  })
  .strict()
  .refine((entry) => !(entry.preset && entry.profile), 'give a preset or a profile, not both');

export const endpointsFileSchema = z
  .object({ endpoints: z.array(entrySchema).max(100) })
  .strict()
  .refine(
    (file) => new Set(file.endpoints.map((e) => e.name)).size === file.endpoints.length,
    'an endpoint is named twice',
  );

export type EndpointsFile = z.infer<typeof endpointsFileSchema>;

/** Reads and checks the file; a UsageError names the file and every problem in it. */
export function readEndpointsFile(file: string): EndpointsFile {
  const fail = (problem: string) => new UsageError(`--endpoints ${file}: ${problem}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fail(`is not JSON (${(error as Error).message})`);
  }
  const parsed = endpointsFileSchema.safeParse(json);
  if (!parsed.success)
    throw fail(parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; '));
  const problems = parsed.data.endpoints.flatMap((entry, i) => [
    ...(entry.profile ? profileProblems(entry.profile).map((p) => `endpoints.${i}.profile ${p}`) : []),
    ...(entry.schema ? schemaProblems(entry.schema).map((p) => `endpoints.${i}.schema ${p}`) : []),
  ]);
  if (problems.length) throw fail(problems.join('; '));
  return parsed.data;
}

/** What applying the file did, for the start-up log. */
export interface EndpointsApplied {
  created: string[];
  updated: string[];
}

/** Applies a checked file; the tokens it gives are handed to `fixToken` (never written to bench.db). */
export function applyEndpointsFile(
  file: EndpointsFile,
  registry: EndpointRegistry,
  fixToken: (id: string, token: string) => void,
): EndpointsApplied {
  const applied: EndpointsApplied = { created: [], updated: [] };
  const tokens: [string, string][] = [];
  registry.transaction(() => {
    for (const entry of file.endpoints) {
      const profile: Profile | undefined = entry.profile ?? (entry.preset ? presetProfile(entry.preset) : undefined);
      const existing = registry.byName(entry.name === 'default' ? null : entry.name);
      const changes = {
        ...(profile ? { profile } : {}),
        ...(entry.schema ? { schema: entry.schema } : {}),
        ...(entry.paused !== undefined ? { paused: entry.paused } : {}),
        ...(entry.faults ? { faults: entry.faults } : {}),
      };
      const id = existing
        ? registry.update(existing.id, changes).id
        : registry.create({ name: entry.name, ...changes }).id;
      if (!existing && entry.paused) registry.update(id, { paused: true });
      (existing ? applied.updated : applied.created).push(entry.name);
      if (entry.token) tokens.push([id, entry.token]);
    }
  });
  for (const [id, token] of tokens) fixToken(id, token);
  return applied;
}
