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
import { answered, objectOf } from './check-step';
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
  const ex = await send(target, 'GET', `/Users?${filterQuery(`userName sw "${PREFIX}"`)}&count=1`);
  const total = objectOf(ex)?.totalResults;
  if (ex.status === 200 && typeof total === 'number' && total > 0)
    return `The server already holds ${total} user(s) whose userName starts with "${PREFIX}" (left by an earlier check?). Remove them, or run with --allow-existing.`;
  return null;
}

export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const started = new Date();
  const prefix = `${PREFIX}${randomBytes(3).toString('hex')}-`;
  const chosen = options.steps.filter((s) => options.profiles.includes(s.profile));
  const results: StepResult[] = [];
  const created: Array<{ type: 'Users' | 'Groups'; id: string }> = [];
  const ids = new Map<string, { type: 'Users' | 'Groups'; id: string }>();
  let stopped: string | null = null;
  let cleanup!: CheckReport['cleanup'];
  try {
    if (!options.allowExisting) {
      const found = await leftovers(options.target);
      if (found) throw new Refused(found);
    }
    for (const [index, step] of chosen.entries()) {
      const result = await runStep(step, results, options, { prefix, ids, created });
      results.push(result);
      options.onStep?.(result, index, chosen.length);
    }
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    stopped = error.message;
  } finally {
    cleanup = await removeCreated(options.target, created);
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

async function runStep(
  step: Step,
  done: StepResult[],
  options: CheckOptions,
  state: { prefix: string; ids: StepContext['ids']; created: Array<{ type: 'Users' | 'Groups'; id: string }> },
): Promise<StepResult> {
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
      const ex = await send(options.target, method, path, body);
      exchanges.push(ex);
      return ex;
    },
    created: (name, type, id) => {
      state.ids.set(name, { type, id });
      state.created.push({ type, id });
    },
  };
  const started = Date.now();
  try {
    const judged = await step.run(ctx);
    return { ...base, ...judged, advice: judged.advice ?? null, exchanges, ms: Date.now() - started };
  } catch (error) {
    // A step that cannot read what it got (a hostile answer) fails with the reason, never crashes the run.
    const last = exchanges.at(-1);
    const reason = `The answer could not be judged (${(error as Error).message})${last ? `; the server ${answered(last)}` : ''}`;
    return { ...base, verdict: 'fail', reason, advice: null, exchanges, ms: Date.now() - started };
  }
}

/** Deletes what the run created, newest first (groups before the users in them); reports what stayed. */
async function removeCreated(target: CheckTarget, created: Array<{ type: 'Users' | 'Groups'; id: string }>) {
  const left: Array<{ type: string; id: string; why: string }> = [];
  let removed = 0;
  for (const { type, id } of [...created].reverse()) {
    const ex = await send(target, 'DELETE', `/${type}/${encodeURIComponent(id)}`);
    if (ex.status === 204 || ex.status === 200) removed++;
    else if (ex.status !== 404) left.push({ type, id, why: answered(ex) });
  }
  return { removed, left };
}
