/** Helpers of the trust specs: a client's SCIM request, and a traffic log written before `serve` starts. */
import path from 'node:path';
import type { Operation } from '../shared/operations';
import { TrafficStore, type NewTrafficEntry } from '../app/store/traffic-store';
import type { Served } from './serve';

export const ENTRA = 'Azure Active Directory SCIM Provisioning';

/** A request as Entra sends it, to the real endpoint. */
export async function scim(bench: Served, method: string, p: string, body?: unknown): Promise<number> {
  const response = await fetch(bench.scimUrl + p, {
    method,
    headers: { Authorization: `Bearer ${bench.token}`, 'Content-Type': 'application/scim+json', 'User-Agent': ENTRA },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  await response.body?.cancel();
  return response.status;
}

export interface Seeded {
  at: Date;
  operation: Operation;
  resourceId?: string;
  status?: number;
  note?: { code: string; message: string };
}

/** Writes entries into `dataDir`'s traffic.db as capture would have (for cycles an hour apart). */
export function seedTraffic(dataDir: string, requests: Seeded[]): void {
  const store = new TrafficStore(path.join(dataDir, 'traffic.db'));
  const entries: NewTrafficEntry[] = requests.map((r) => ({
    time: r.at.toISOString(),
    client: 'entra',
    method: r.operation.startsWith('lookup') ? 'GET' : 'POST',
    path: '/scim/v2/Users',
    query: '',
    status: r.status ?? 200,
    authenticated: true,
    deviations: r.note ? 1 : 0,
    durationMs: 1,
    operation: r.operation,
    resourceType: 'User',
    resourceId: r.resourceId ?? null,
    sentence: `Entra ${r.operation.replace('-', 'd ')} ${r.resourceId ?? ''}`.trim(),
    requestHeaders: { 'user-agent': ENTRA },
    requestBody: null,
    responseHeaders: {},
    responseBody: null,
    notes: r.note ? [r.note] : [],
    before: null,
    after: null,
    members: null,
  }));
  for (let i = 0; i < entries.length; i += 5000) store.insertMany(entries.slice(i, i + 5000));
  store.close();
}

/** The ports a bench listens on, to start it again on the same ones. */
export const portsOf = (bench: Served): string[] => [
  '--port',
  new URL(bench.scimUrl).port,
  '--console-port',
  new URL(bench.consoleUrl).port,
];
