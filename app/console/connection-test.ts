/**
 * "Test connection", the way Entra's own button does it: look up a user that cannot exist
 * (expects 200 and an empty list), the same for a group without members, read the
 * ServiceProviderConfig, and check that a wrong token is refused. Run against the bench's endpoint
 * or, better, the tunnel's public URL — which proves the whole path Entra will use.
 */
import { randomUUID } from 'node:crypto';
import type { ConnectionStep } from '../../shared/types';

const HEADERS = { 'User-Agent': 'SCIM Bench connection test', 'X-Scim-Bench-Client': 'console' };

async function step(
  name: string,
  run: () => Promise<{ ok: boolean; status: number; detail: string }>,
): Promise<ConnectionStep> {
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

async function probeList(
  url: string,
  token: string,
  what: string,
): Promise<{ ok: boolean; status: number; detail: string }> {
  const response = await fetch(url, {
    headers: { ...HEADERS, Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(15_000),
  });
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

export async function testConnection(baseUrl: string, token: string): Promise<ConnectionStep[]> {
  const base = baseUrl.replace(/\/+$/, '');
  const ghost = randomUUID();
  return [
    await step('Look up a user that does not exist', () =>
      probeList(`${base}/Users?filter=${encodeURIComponent(`userName eq "${ghost}"`)}`, token, 'user'),
    ),
    await step('Look up a group that does not exist', () =>
      probeList(
        `${base}/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${ghost}"`)}`,
        token,
        'group',
      ),
    ),
    await step('Read ServiceProviderConfig', async () => {
      const response = await fetch(`${base}/ServiceProviderConfig`, {
        headers: { ...HEADERS, Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await response.json().catch(() => null)) as { patch?: { supported?: boolean } } | null;
      const ok = response.status === 200 && body?.patch?.supported === true;
      return {
        ok,
        status: response.status,
        detail: ok ? 'PATCH supported, as Entra requires' : `Expected 200 with patch.supported, got ${response.status}`,
      };
    }),
    await step('A wrong token is refused', async () => {
      const response = await fetch(`${base}/Users?count=1`, {
        headers: { ...HEADERS, Authorization: 'Bearer wrong-token-from-the-connection-test' },
        signal: AbortSignal.timeout(15_000),
      });
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
