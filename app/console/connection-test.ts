/**
 * "Test connection", the way Entra's own button does it: look up a user that cannot exist
 * (expects 200 and an empty list), the same for a group without members, read the
 * ServiceProviderConfig, and check that a wrong token is refused. Run against the bench's endpoint
 * or, better, the tunnel's public URL — which proves the whole path Entra will use.
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

type Outcome = { ok: boolean; status: number; detail: string };

/** A 3xx answer, in words: where it pointed, and that the token did not go there. */
function redirected(response: Response): Outcome | null {
  if (response.status < 300 || response.status > 399) return null;
  const location = response.headers.get('location');
  return {
    ok: false,
    status: response.status,
    detail: `Redirected (${response.status}) to ${location ?? 'nowhere'}; not followed, so the token was not sent there. Test the address it points to if you trust it.`,
  };
}

async function step(name: string, run: () => Promise<Outcome>): Promise<ConnectionStep> {
  const started = performance.now();
  try {
    const result = await run();
    return { name, ...result, ms: Math.round(performance.now() - started) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      name,
      ok: false,
      status: null,
      detail: `Could not reach it: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      ms: Math.round(performance.now() - started),
    };
  }
}

/** One GET with the given token, never following a redirect. */
const probe = (url: string, token: string, mark: string) =>
  fetch(url, {
    headers: { ...consoleHeaders(mark, 'SCIM Bench connection test'), Authorization: `Bearer ${token}` },
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });

async function probeList(url: string, token: string, mark: string, what: string): Promise<Outcome> {
  const response = await probe(url, token, mark);
  const moved = redirected(response);
  if (moved) return moved;
  const type = response.headers.get('content-type') ?? '';
  const body = (await response.json().catch(() => null)) as { totalResults?: number; Resources?: unknown[] } | null;
  if (response.status !== 200)
    return { ok: false, status: response.status, detail: `Expected 200, got ${response.status}` };
  if (!/scim\+json|application\/json/.test(type))
    return { ok: false, status: 200, detail: `Expected a JSON response, got ${type || 'no content type'}` };
  if (body?.totalResults !== 0 || !Array.isArray(body.Resources ?? []))
    return { ok: false, status: 200, detail: `Expected an empty ListResponse for a ${what} that does not exist` };
  return { ok: true, status: 200, detail: `200 with an empty ListResponse, as Entra expects` };
}

/**
 * Runs the probe against `baseUrl` with `token`; `mark` is the Engine's console mark. Throws a
 * CommandError(400) for a URL the token must not go to (the contract checks it too).
 */
export async function testConnection(baseUrl: string, token: string, mark: string): Promise<ConnectionStep[]> {
  const problem = connectionTestUrlProblem(baseUrl);
  if (problem) throw new CommandError(400, `The address to test ${problem}`);
  const base = baseUrl.replace(/\/+$/, '');
  const ghost = randomUUID();
  return [
    await step('Look up a user that does not exist', () =>
      probeList(`${base}/Users?filter=${encodeURIComponent(`userName eq "${ghost}"`)}`, token, mark, 'user'),
    ),
    await step('Look up a group that does not exist', () =>
      probeList(
        `${base}/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${ghost}"`)}`,
        token,
        mark,
        'group',
      ),
    ),
    await step('Read ServiceProviderConfig', async () => {
      const response = await probe(`${base}/ServiceProviderConfig`, token, mark);
      const moved = redirected(response);
      if (moved) return moved;
      const body = (await response.json().catch(() => null)) as { patch?: { supported?: boolean } } | null;
      const ok = response.status === 200 && body?.patch?.supported === true;
      return {
        ok,
        status: response.status,
        detail: ok ? 'PATCH supported, as Entra requires' : `Expected 200 with patch.supported, got ${response.status}`,
      };
    }),
    await step('A wrong token is refused', async () => {
      const response = await probe(`${base}/Users?count=1`, 'wrong-token-from-the-connection-test', mark);
      const moved = redirected(response);
      if (moved) return moved;
      const ok = response.status === 401;
      return {
        ok,
        status: response.status,
        detail: ok
          ? '401, so only the real token gets in'
          : `Expected 401, got ${response.status}: the endpoint is open to anyone`,
      };
    }),
  ];
}
