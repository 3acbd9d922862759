/**
 * One endpoint's faults and the client's reactions, read from the traffic log (`faults:summary`):
 * counts and delays over every faulted entry in the range, and the newest episodes told in words.
 * Reads only entries of an episode, through their own index (traffic_by_episode).
 */
import {
  FAULT_EPISODES_LISTED,
  GIVE_UP_AFTER_MS,
  type EpisodeState,
  type FaultEpisode,
  type FaultMark,
  type FaultReaction,
  type FaultSummary,
} from '../../shared/faults';
import { isOperation } from '../../shared/operations';
import type { ClientKind } from '../../shared/types';
import type { Db } from '../store/database';
import { parseJson } from '../store/traffic-rows';
import { episodeSentence } from './episode-words';

export const DELAY_BUCKETS: ReadonlyArray<{ label: string; belowMs: number }> = [
  { label: 'under 1 s', belowMs: 1000 },
  { label: '1–10 s', belowMs: 10_000 },
  { label: '10–60 s', belowMs: 60_000 },
  { label: '1–10 min', belowMs: 600_000 },
  { label: '10 min or more', belowMs: Infinity },
];

interface AttemptRow {
  id: number;
  time: string;
  client: ClientKind;
  method: string;
  path: string;
  status: number;
  operation: string;
  episode: string;
  fault_json: string | null;
  reaction_json: string;
}

/** The value at fraction `q` of sorted numbers (nearest rank). */
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

function stateOf(last: { status: number; faulted: boolean; time: string }, now: number): EpisodeState {
  if (!last.faulted && last.status > 0 && last.status < 400) return 'recovered';
  return now - Date.parse(last.time) >= GIVE_UP_AFTER_MS ? 'gave-up' : 'retrying';
}

export function faultSummary(
  db: Db,
  input: { endpoint: string; lastMinutes?: number | undefined; paused: boolean },
  now = Date.now(),
): FaultSummary {
  const from = input.lastMinutes ? new Date(now - input.lastMinutes * 60_000).toISOString() : null;
  const range = `endpoint = @endpoint AND episode IS NOT NULL AND (@from IS NULL OR time >= @from)`;
  const params = { endpoint: input.endpoint, from };
  return db.transaction(() => {
    const injected = db
      .prepare<typeof params, { ruleId: string; ruleName: string; injected: number }>(
        `SELECT json_extract(fault_json, '$.ruleId') AS ruleId, json_extract(fault_json, '$.ruleName') AS ruleName,
           count(*) AS injected FROM traffic WHERE ${range} AND fault_json IS NOT NULL GROUP BY ruleId ORDER BY injected DESC`,
      )
      .all(params);
    const delays = db
      .prepare<typeof params, number>(
        `SELECT json_extract(reaction_json, '$.sincePreviousMs') AS d FROM traffic
          WHERE ${range} AND d IS NOT NULL ORDER BY d`,
      )
      .pluck()
      .all(params);
    // Each episode's last attempt in the range (SQLite takes the bare columns from the max(id) row).
    const lasts = db
      .prepare<typeof params, { episode: string; last: number; status: number; time: string; faulted: number }>(
        `SELECT episode, max(id) AS last, status, time, fault_json IS NOT NULL AS faulted FROM traffic
          WHERE ${range} GROUP BY episode ORDER BY last DESC`,
      )
      .all(params);
    const states = lasts.map((l) => stateOf({ ...l, faulted: l.faulted === 1 }, now));
    const listed = lasts.slice(0, FAULT_EPISODES_LISTED).map((l) => l.episode);
    const rows = listed.length
      ? db
          .prepare<unknown[], AttemptRow>(
            `SELECT id, time, client, method, path, status, operation, episode, fault_json, reaction_json FROM traffic
              WHERE endpoint = ? AND episode IN (${listed.map(() => '?').join(', ')}) ORDER BY id`,
          )
          .all(input.endpoint, ...listed)
      : [];
    const next = db.prepare<[string, number, string, string], { id: number; sentence: string }>(
      `SELECT id, sentence FROM traffic WHERE endpoint = ? AND id > ? AND client = ? AND console_read = 0
         AND episode IS NOT ? ORDER BY id LIMIT 1`,
    );
    const episodes = listed.map((id) => {
      const attempts = rows.filter((r) => r.episode === id);
      return episodeOf(attempts, now, (last) => next.get(input.endpoint, last.id, last.client, id) ?? null);
    });
    return {
      endpoint: input.endpoint,
      from,
      to: null,
      paused: input.paused,
      injected: injected.reduce((sum, r) => sum + r.injected, 0),
      byRule: injected,
      retries: delays.length,
      delays: {
        count: delays.length,
        minMs: delays[0] ?? null,
        medianMs: delays.length ? quantile(delays, 0.5) : null,
        p90Ms: delays.length ? quantile(delays, 0.9) : null,
        maxMs: delays.at(-1) ?? null,
      },
      delayBuckets: DELAY_BUCKETS.map((bucket, i) => ({
        label: bucket.label,
        count: delays.filter((d) => d < bucket.belowMs && (i === 0 || d >= DELAY_BUCKETS[i - 1]!.belowMs)).length,
      })),
      recovered: states.filter((s) => s === 'recovered').length,
      retrying: states.filter((s) => s === 'retrying').length,
      gaveUp: states.filter((s) => s === 'gave-up').length,
      episodesTotal: lasts.length,
      episodes,
    };
  })();
}

function episodeOf(
  rows: AttemptRow[],
  now: number,
  nextOf: (last: AttemptRow) => { id: number; sentence: string } | null,
): FaultEpisode {
  const attempts = rows.map((r) => {
    const reaction = parseJson<FaultReaction>(r.reaction_json)!;
    return {
      entryId: r.id,
      time: r.time,
      status: r.status,
      fault: parseJson<FaultMark>(r.fault_json),
      sincePreviousMs: reaction.sincePreviousMs,
      honoured: reaction.honoured,
      subject: reaction.subject ?? null,
    };
  });
  const first = rows[0]!;
  const last = rows.at(-1)!;
  const firstFault = attempts.find((a) => a.fault)?.fault;
  const throttles = attempts.map((a) => a.fault?.retryAfterSeconds).filter((s): s is number => s !== undefined);
  const judged = attempts.map((a) => a.honoured).filter((h): h is boolean => h !== null);
  const told = {
    client: first.client,
    operation: isOperation(first.operation) ? first.operation : 'unknown',
    subject: attempts.find((a) => a.subject)?.subject ?? null,
    method: first.method,
    path: first.path,
    attempts: attempts.map(({ subject: _, ...a }) => a),
    retryAfterSeconds: throttles.length ? throttles.at(-1)! : null,
    honoured: judged.length ? judged.every(Boolean) : null,
    state: stateOf({ status: last.status, faulted: last.fault_json !== null, time: last.time }, now),
  } as const;
  const next = nextOf(last);
  return {
    id: first.episode,
    ...told,
    ruleId: firstFault?.ruleId ?? '',
    ruleName: firstFault?.ruleName ?? '',
    action: firstFault?.action ?? 'error',
    next: next && { entryId: next.id, sentence: next.sentence },
    sentence: episodeSentence(told),
  };
}
