/** A fault episode in words: "Entra retried the request to create user alice@contoso.com 3 times, …". */
import type { EpisodeState, FaultEpisode } from '../../shared/faults';
import { GIVE_UP_AFTER_MS } from '../../shared/faults';
import { OPERATIONS } from '../../shared/operations';
import type { ClientKind } from '../../shared/types';

const CLIENTS: Record<ClientKind, string> = {
  entra: 'Entra',
  okta: 'Okta',
  console: 'The console',
  curl: 'curl',
  other: 'The client',
};

/** 850 ms, 30 s, 2 min 5 s, 1 h 3 min. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** "a, b and c". */
const list = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

const ordinal = (n: number) => {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

const answered = (status: number) => (status === 0 ? 'got no answer' : `was answered ${status}`);

type Told = Pick<
  FaultEpisode,
  'client' | 'operation' | 'subject' | 'method' | 'path' | 'attempts' | 'retryAfterSeconds' | 'honoured'
> & { state: EpisodeState };

export function episodeSentence(e: Told): string {
  const who = CLIENTS[e.client];
  const verb = OPERATIONS[e.operation].infinitive;
  const what = verb ? `the request to ${verb}${e.subject ? ` ${e.subject}` : ''}` : `${e.method} ${e.path}`;
  const retries = e.attempts.slice(1);
  const last = e.attempts.at(-1)!;
  const parts: string[] = [];
  if (!retries.length) parts.push(`${who} has not retried ${what} (it ${answered(last.status)})`);
  else {
    const delays = retries.map((a) => duration(a.sincePreviousMs ?? 0));
    const times = retries.length === 1 ? 'once' : `${retries.length} times`;
    parts.push(`${who} retried ${what} ${times}, after ${list(delays)}`);
  }
  if (e.retryAfterSeconds !== null && e.honoured !== null)
    parts.push(
      e.honoured
        ? `it honoured Retry-After: ${e.retryAfterSeconds}`
        : `it did not honour Retry-After: ${e.retryAfterSeconds}`,
    );
  if (e.state === 'recovered') parts.push(`the ${ordinal(e.attempts.length)} attempt succeeded (${last.status})`);
  else if (e.state === 'gave-up')
    parts.push(
      `it gave up: no attempt in the ${duration(GIVE_UP_AFTER_MS)} since the last one, which ${answered(last.status)}`,
    );
  else if (retries.length) parts.push(`the latest attempt ${answered(last.status)}; it may retry again`);
  return `${parts.join('; ')}.`;
}
