/**
 * The console's `endpoints:*` commands: list, create, update (rename, pause, profile, schema, faults),
 * reset and delete. A profile or schema is checked whole before anything is saved, and a refusal
 * comes back as a CommandError with the reasons in words.
 */
import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_ENDPOINT_ID, type EndpointInfo } from '../../shared/endpoints';
import {
  DEFAULT_PRESET,
  PRESET_NAMES,
  PRESETS,
  presetProfile,
  type PresetName,
  type Profile,
} from '../../shared/profile';
import { CommandError, type CommandHandlers } from '../commands';
import { profileProblems } from '../profiles/profile-problems';
import { ScimError } from '../scim/errors';
import { schemaProblems } from '../scim/schema-set';
import type { EndpointSchema } from '../../shared/custom-schema';
import type { EndpointRegistry, EndpointRuntime } from './endpoint-registry';

type EndpointHandlers = Pick<
  CommandHandlers,
  'endpoints:list' | 'endpoints:create' | 'endpoints:update' | 'endpoints:reset' | 'endpoints:delete'
>;

/** The preset a profile is exactly, or null when it was edited. */
export const presetOf = (profile: Profile): PresetName | null =>
  PRESET_NAMES.find((name) => isDeepStrictEqual(PRESETS[name].profile, profile)) ?? null;

/** The base URL path of an endpoint: the default keeps `/scim/v2`. */
export const endpointBase = (runtime: Pick<EndpointRuntime, 'id' | 'row'>): string =>
  runtime.id === DEFAULT_ENDPOINT_ID ? '/scim/v2' : `/scim/${runtime.row.name}/v2`;

/** Its OAuth token URL path: the default keeps `/oauth/token`. */
export const tokenPath = (runtime: Pick<EndpointRuntime, 'id' | 'row'>): string =>
  runtime.id === DEFAULT_ENDPOINT_ID ? '/oauth/token' : `/scim/${runtime.row.name}/oauth/token`;

export function endpointInfo(
  runtime: EndpointRuntime,
  origin: string,
  counts: { users: number; groups: number },
): EndpointInfo {
  const { row, credentials } = runtime;
  return {
    id: row.id,
    name: row.name,
    isDefault: row.id === DEFAULT_ENDPOINT_ID,
    scimUrl: origin + endpointBase(runtime),
    token: credentials.token,
    previousTokenValidUntil: credentials.previousValidUntil,
    oauth: { ...credentials.oauthClient, tokenUrl: origin + tokenPath(runtime) },
    paused: row.paused,
    preset: presetOf(row.profile),
    profile: row.profile,
    schema: row.schema,
    faults: row.faults,
    users: counts.users,
    groups: counts.groups,
    created: row.created,
  };
}

/** Store refusals (ScimErrors: a taken name, case twins, no such endpoint) as the console's errors. */
function asCommand<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ScimError) throw new CommandError(error.status, error.message);
    throw error;
  }
}

function checkedSchema<T extends EndpointSchema | undefined>(schema: T): T {
  const problems = schema ? schemaProblems(schema) : [];
  if (problems.length) throw new CommandError(400, `The schema cannot be used: ${problems.join('; ')}`);
  return schema;
}

function chosenProfile(input: { preset?: PresetName | undefined; profile?: Profile | undefined }): Profile | undefined {
  if (input.preset && input.profile) throw new CommandError(400, 'Give a preset or a profile, not both');
  const profile = input.profile ?? (input.preset ? presetProfile(input.preset) : undefined);
  const problems = profile ? profileProblems(profile) : [];
  if (problems.length) throw new CommandError(400, `The profile cannot be used: ${problems.join('; ')}`);
  return profile;
}

/** `changed` is told after every change that succeeded (the tray and open consoles refresh). */
export function endpointCommands(
  registry: EndpointRegistry,
  origin: () => string,
  changed: () => void,
): EndpointHandlers {
  const announce = <T>(result: T): T => {
    changed();
    return result;
  };
  const info = (runtime: EndpointRuntime) =>
    endpointInfo(runtime, origin(), registry.store.counts().get(runtime.id) ?? { users: 0, groups: 0 });
  const existing = (id: string) => {
    const runtime = registry.byId(id);
    if (!runtime) throw new CommandError(404, `There is no endpoint '${id}'`);
    return runtime;
  };
  return {
    'endpoints:list': async () => {
      const counts = registry.store.counts();
      return registry
        .list()
        .map((runtime) => endpointInfo(runtime, origin(), counts.get(runtime.id) ?? { users: 0, groups: 0 }));
    },
    'endpoints:create': async ({ name, preset, profile, schema, faults }) => {
      const chosen = chosenProfile({ preset, profile }) ?? presetProfile(DEFAULT_PRESET);
      checkedSchema(schema);
      return announce(
        info(
          asCommand(() =>
            registry.create({ name, profile: chosen, ...(schema ? { schema } : {}), ...(faults ? { faults } : {}) }),
          ),
        ),
      );
    },
    'endpoints:update': async ({ id, name, paused, preset, profile, schema, faults }) => {
      existing(id);
      const chosen = chosenProfile({ preset, profile });
      checkedSchema(schema);
      if (name !== undefined && id === DEFAULT_ENDPOINT_ID && name !== existing(id).row.name)
        throw new CommandError(400, 'The default endpoint keeps its name: its URL is /scim/v2 whatever it is called');
      return announce(info(asCommand(() => registry.update(id, { name, paused, profile: chosen, schema, faults }))));
    },
    'endpoints:reset': async ({ id }) => {
      existing(id);
      return announce(asCommand(() => registry.reset(id)));
    },
    'endpoints:delete': async ({ id }) => {
      existing(id);
      return announce(asCommand(() => registry.delete(id)));
    },
  };
}
