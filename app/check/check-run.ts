/**
 * Runs a check: the steps of the chosen profiles in order, each judged, a step whose prerequisite
 * failed skipped with the reason, and — always, even when interrupted — the objects it created
 * deleted again. It never deletes what it did not create, and refuses to start on a server that
 * already holds objects named like its own (a previous run's, or someone's), unless told to.
 */
import { randomBytes } from 'node:crypto';
import { send, type CheckTarget, type Exchange } from './check-http';
import type { CheckReport } from '../../shared/check';
import type { CheckProfile, StepContext, StepResult, Step } from './check-step';

export type { CheckReport } from '../../shared/check';
import { NotOurs, answered, objectOf } from './check-step';
import { readsAsOurs, resourcePath, unsafeId, type Owned } from './ownership';
import { filterQuery } from './scim-bodies';

export const PREFIX = 'scimcheck-';

export interface CheckOptions {
  target: CheckTarget;
  steps: Step[];
  profiles: CheckProfile[];
  /** Run even when the server holds objects named `scimcheck-…`. */
  allowExisting?: boolean;
  /** Each result as it is known (the progress line, the console's live view). */
  onStep?: (result: StepResult, index: number, total: number) => void;
  /** Aborted (Ctrl+C): the remaining steps are skipped, and the cleanup still runs. */
  signal?: AbortSignal;
}

class Refused extends Error {}

/** Objects a previous run (or someone) left, named with the check's prefix. */
async function leftovers(target: CheckTarget): Promise<string | null> {
  for (const [type, attribute, what] of [
    ['Users', 'userName', 'user(s)'],
    ['Groups', 'displayName', 'group(s)'],
  ] as const) {
    const ex = await send(target, 'GET', `/${type}?${filterQuery(`${attribute} sw "${PREFIX}"`)}&count=1`);
    const total = objectOf(ex)?.totalResults;
    if (ex.status === 200 && typeof total === 'number' && total > 0)
      return `The server already holds ${total} ${what} whose ${attribute} starts with "${PREFIX}" (left by an earlier check?). Remove them, or run with --allow-existing.`;
  }
  return null;
}

/**
 * What the run holds: `ids`, the objects it proved its own (steps may change them); `created`, every
 * addressable id a create answered, proven or not (cleanup reads each again and deletes only its
 * own); `unaddressable`, ids no request can safely name, reported as left.
 */
interface Holdings {
  prefix: string;
  ids: StepContext['ids'];
  created: Owned[];
  unaddressable: Array<Owned & { why: string }>;
}

export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const started = new Date();
  const prefix = `${PREFIX}${randomBytes(3).toString('hex')}-`;
  const chosen = options.steps.filter((s) => options.profiles.includes(s.profile));
  const results: StepResult[] = [];
  const held: Holdings = { prefix, ids: new Map(), created: [], unaddressable: [] };
  let stopped: string | null = null;
  let cleanup!: CheckReport['cleanup'];
  try {
    if (!options.allowExisting) {
      const found = await leftovers(options.target);
      if (found) throw new Refused(found);
    }
    for (const [index, step] of chosen.entries()) {
      const result = await runStep(step, results, options, held);
      results.push(result);
      options.onStep?.(result, index, chosen.length);
    }
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    stopped = error.message;
  } finally {
    cleanup = await removeCreated(options.target, held);
  }
  if (options.signal?.aborted && !stopped) stopped = 'Interrupted: the remaining steps were not run';
  const counts = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const r of results) counts[r.verdict]++;
  return {
    baseUrl: options.target.baseUrl,
    profiles: options.profiles,
    started: started.toISOString(),
    ms: Date.now() - started.getTime(),
    results,
    counts,
    cleanup,
    stopped,
  };
}

async function runStep(step: Step, done: StepResult[], options: CheckOptions, state: Holdings): Promise<StepResult> {
  const base = { id: step.id, profile: step.profile, title: step.title, source: step.source };
  const skipped = (reason: string): StepResult => ({
    ...base,
    verdict: 'skip',
    reason,
    advice: null,
    exchanges: [],
    ms: 0,
  });
  if (options.signal?.aborted) return skipped('Not run: the check was interrupted');
  const unmet = (step.needs ?? []).filter((need) => {
    const r = done.find((d) => d.id === need);
    return r && r.verdict !== 'pass' && r.verdict !== 'warn';
  });
  if (unmet.length) return skipped(`Not run: it depends on ${unmet.join(', ')}, which did not pass`);
  const exchanges: Exchange[] = [];
  const ctx: StepContext = {
    prefix: state.prefix,
    ids: state.ids,
    history: () => done.flatMap((d) => d.exchanges),
    send: async (method, path, body) => {
      // An interruption ends a request in flight, except a create: its answer names what to remove.
      const interrupt = method === 'POST' ? undefined : options.signal;
      const ex = await send(options.target, method, path, body, interrupt);
      exchanges.push(ex);
      return ex;
    },
    own: async (name, type, answer) => {
      const id = objectOf(answer)?.id;
      const unsafe = unsafeId(id);
      if (unsafe) {
        if (typeof id === 'string' && id) state.unaddressable.push({ type, id, why: unsafe });
        throw new NotOurs(`The create answered ${answer.status}, but ${unsafe}`);
      }
      const owned = { type, id: id as string };
      if (state.created.some((o) => o.type === type && o.id === owned.id))
        throw new NotOurs(
          `The create answered ${answer.status} with id ${owned.id}, the id of an object created before`,
        );
      // Cleanup reads it again and deletes it only if it is ours: so it is listed before the proof,
      // and an object whose proof was interrupted is still removed.
      state.created.push(owned);
      const reading = await readsAsOurs(ctx.send, owned, state.prefix);
      if (!reading.ours)
        throw new NotOurs(`The create answered ${answer.status} with id ${owned.id}, but ${reading.why}`);
      state.ids.set(name, owned);
      return owned.id;
    },
    path: (name, rest = '') => {
      const owned = state.ids.get(name);
      if (!owned) throw new Error(`no object named ${name} was created`);
      return resourcePath(owned.type, owned.id) + rest;
    },
  };
  const started = Date.now();
  try {
    const judged = await step.run(ctx);
    return { ...base, ...judged, advice: judged.advice ?? null, exchanges, ms: Date.now() - started };
  } catch (error) {
    if (error instanceof NotOurs)
      return { ...base, verdict: 'fail', reason: error.message, advice: NOT_OURS, exchanges, ms: Date.now() - started };
    // A step that cannot read what it got (a hostile answer) fails with the reason, never crashes the run.
    const last = exchanges.at(-1);
    const reason = `The answer could not be judged (${(error as Error).message})${last ? `; the server ${answered(last)}` : ''}`;
    return { ...base, verdict: 'fail', reason, advice: null, exchanges, ms: Date.now() - started };
  }
}

const NOT_OURS =
  "The checker changes and deletes only objects it can prove it created, so it did not touch this one; a server must answer a create with the new object's own id (RFC 7644 §3.3)";

/**
 * Deletes what the run created, newest first (groups before the users in them), each read again
 * first and deleted only if it still carries the run's name; reports what stayed, and why.
 */
async function removeCreated(target: CheckTarget, held: Holdings) {
  const left: Array<{ type: string; id: string; why: string }> = held.unaddressable.map((o) => ({
    ...o,
    why: `answered by a create, but not deleted: ${o.why}`,
  }));
  let removed = 0;
  const direct = (method: string, path: string) => send(target, method, path);
  for (const owned of [...held.created].reverse()) {
    const reading = await readsAsOurs(direct, owned, held.prefix);
    if (!reading.ours) {
      if (!reading.gone) left.push({ ...owned, why: `not deleted: ${reading.why}` });
      continue;
    }
    const ex = await direct('DELETE', resourcePath(owned.type, owned.id));
    if (ex.status === 204 || ex.status === 200) removed++;
    else if (ex.status !== 404) left.push({ ...owned, why: answered(ex) });
  }
  return { removed, left };
}
