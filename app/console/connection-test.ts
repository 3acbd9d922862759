/**
 * "Test connection", the way Entra's own button does it: look up a user that cannot exist
 * (expects 200 and an empty list), the same for a group without members, read the
 * ServiceProviderConfig, and check that a wrong token is refused. Run against the bench's endpoint
 * or, better, the tunnel's public URL — which proves the whole path Entra will use. What goes
 * wrong is said in words with what to check (connection-words.ts): a name that does not resolve,
 * a refused connection, a certificate Entra would refuse, a tunnel that cannot reach the bench.
 *
 * Threat model: the URL is typed in and the probe carries the live token, so it goes only over
 * https or to this machine, and a redirect is reported, never followed (it would take the token to
 * wherever the server points).
 */
import { randomUUID } from 'node:crypto';
import { connectionTestUrlProblem } from '../../shared/contract';
import type { ConnectionStep } from '../../shared/types';
import { CommandError } from '../commands';
import { consoleHeaders } from './console-mark';
import { PROBE_TIMEOUT_MS, statusInWords, unreachableInWords, type Place } from './connection-words';

type Outcome = { ok: boolean; status: number; detail: string };

/** An answer, read once: status, type, the JSON body (null when it is not JSON) and the headers. */
interface Answer {
  status: number;
  type: string;
  body: unknown;
  headers: Headers;
}

/** A request that got no answer at all (its words are in `message`): the remaining steps are not tried. */
class Unreachable extends Error {}

/** One GET with the given token, never following a redirect. */
async function get(url: string, token: string, mark: string, place: Place): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { ...consoleHeaders(mark, 'SCIM Bench connection test'), Authorization: `Bearer ${token}` },
      redirect: 'manual',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Unreachable(unreachableInWords(error, place));
  }
  const body: unknown = await response.json().catch(() => null);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body, headers: response.headers };
}

/** A 3xx answer, in words: where it pointed, and that the token did not go there. */
function redirected(answer: Answer): Outcome | null {
  if (answer.status < 300 || answer.status > 399) return null;
  const location = answer.headers.get('location');
  return {
    ok: false,
    status: answer.status,
    detail: `Redirected (${answer.status}) to ${location ?? 'nowhere'}; not followed, so the token was not sent there. Test the address it points to if you trust it.`,
  };
}

/** Anything but the status a step expects: a redirect, or the status in words. */
const unexpected = (answer: Answer, place: Place, expected = 200): Outcome =>
  redirected(answer) ?? { ok: false, status: answer.status, detail: statusInWords(answer, expected, place) };

function listed(answer: Answer, place: Place, what: string): Outcome {
  if (answer.status !== 200) return unexpected(answer, place);
  if (!/scim\+json|application\/json/.test(answer.type))
    return {
      ok: false,
      status: 200,
      detail: `Expected a JSON response, got ${answer.type || 'no content type'}: something other than a SCIM endpoint answers at ${place.url}`,
    };
  const body = answer.body as { totalResults?: number; Resources?: unknown[] } | null;
  if (body?.totalResults !== 0 || !Array.isArray(body.Resources ?? []))
    return { ok: false, status: 200, detail: `Expected an empty ListResponse for a ${what} that does not exist` };
  return { ok: true, status: 200, detail: `200 with an empty ListResponse, as Entra expects` };
}

/**
 * Runs the probe against `baseUrl` with `token`; `mark` is the Engine's console mark, and
 * `benchUrl` the bench's own endpoint (named when a tunnel cannot reach it). Throws a
 * CommandError(400) for a URL the token must not go to (the contract checks it too).
 */
export async function testConnection(
  baseUrl: string,
  token: string,
  mark: string,
  benchUrl: string | null = null,
): Promise<ConnectionStep[]> {
  const problem = connectionTestUrlProblem(baseUrl);
  if (problem) throw new CommandError(400, `The address to test ${problem}`);
  const base = baseUrl.replace(/\/+$/, '');
  const place: Place = { url: base, benchUrl };
  const ghost = randomUUID();
  const probes: [string, () => Promise<Outcome>][] = [
    [
      'Look up a user that does not exist',
      async () =>
        listed(
          await get(`${base}/Users?filter=${encodeURIComponent(`userName eq "${ghost}"`)}`, token, mark, place),
          place,
          'user',
        ),
    ],
    [
      'Look up a group that does not exist',
      async () =>
        listed(
          await get(
            `${base}/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${ghost}"`)}`,
            token,
            mark,
            place,
          ),
          place,
          'group',
        ),
    ],
    [
      'Read ServiceProviderConfig',
      async () => {
        const answer = await get(`${base}/ServiceProviderConfig`, token, mark, place);
        if (answer.status !== 200) return unexpected(answer, place);
        const ok = (answer.body as { patch?: { supported?: boolean } } | null)?.patch?.supported === true;
        return { ok, status: 200, detail: ok ? 'PATCH supported, as Entra requires' : 'Expected patch.supported' };
      },
    ],
    [
      'A wrong token is refused',
      async () => {
        const answer = await get(`${base}/Users?count=1`, 'wrong-token-from-the-connection-test', mark, place);
        if (answer.status === 401) return { ok: true, status: 401, detail: '401, so only the real token gets in' };
        if (answer.status >= 200 && answer.status < 300)
          return {
            ok: false,
            status: answer.status,
            detail: `Expected 401, got ${answer.status}: the endpoint is open to anyone`,
          };
        return unexpected(answer, place, 401);
      },
    ],
  ];

  const steps: ConnectionStep[] = [];
  let cut: string | null = null;
  for (const [name, run] of probes) {
    if (cut) {
      steps.push({ name, ok: false, status: null, detail: `Not tried: ${cut}`, ms: 0 });
      continue;
    }
    const started = performance.now();
    const outcome = await run().catch((error: unknown) => {
      if (!(error instanceof Unreachable)) throw error;
      cut = 'the step above got no answer';
      return { ok: false, status: null, detail: error.message };
    });
    steps.push({ name, ...outcome, ms: Math.round(performance.now() - started) });
  }
  return steps;
}
