/** Helpers of the endpoint specs: the console API as a script with the key calls it, and a client of one endpoint. */
import type { EndpointInfo } from '../shared/endpoints';
import type { Served } from './serve';
import { ENTRA } from './trust-helpers';

/** A console command, as a script holding the console key sends it. */
export async function command<T>(bench: Served, name: string, input: unknown): Promise<T> {
  const url = new URL(bench.consoleUrl);
  const response = await fetch(`${url.origin}/api/${name.replace(':', '/')}`, {
    method: 'POST',
    headers: { 'X-Console-Key': url.searchParams.get('key')!, 'Content-Type': 'application/json' },
    body: JSON.stringify({ input }),
  });
  const body = (await response.json()) as { result: T; error?: string };
  if (!response.ok) throw new Error(`${name} answered ${response.status}: ${body.error}`);
  return body.result;
}

export const endpointNamed = async (bench: Served, name: string) =>
  (await command<EndpointInfo[]>(bench, 'endpoints:list', null)).find((e) => e.name === name);

/** A request to an endpoint's own URL with its own token, as Entra sends it. */
export async function scimTo(
  endpoint: Pick<EndpointInfo, 'scimUrl' | 'token'>,
  method: string,
  p: string,
  body?: unknown,
) {
  const response = await fetch(endpoint.scimUrl + p, {
    method,
    headers: {
      Authorization: `Bearer ${endpoint.token}`,
      'Content-Type': 'application/scim+json',
      'User-Agent': ENTRA,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.text()) || null };
}
