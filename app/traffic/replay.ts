/**
 * Replays a recorded request against the bench's own SCIM listener, so it is captured as a new
 * entry. Stored entries are redacted, so the current token is used and masked fields stay masked.
 */
import type { TrafficEntry } from '../../shared/types';

const FORWARDED = ['content-type', 'accept', 'if-match', 'if-none-match'];

export async function replay(
  entry: TrafficEntry,
  origin: string,
  token: string,
  consoleMark: string,
): Promise<{ status: number }> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${token}`,
    'User-Agent': 'SCIM Bench replay',
    'X-Scim-Bench-Console': consoleMark, // labels it console in traffic (capture checks the mark)
    'X-Scim-Bench-Replay-Of': String(entry.id),
  };
  for (const name of FORWARDED) if (entry.requestHeaders[name]) headers[name] = entry.requestHeaders[name];
  const response = await fetch(`${origin}${entry.path}${entry.query ? `?${entry.query}` : ''}`, {
    method: entry.method,
    headers,
    ...(entry.requestBody !== null && entry.method !== 'GET' ? { body: entry.requestBody } : {}),
  });
  await response.arrayBuffer();
  return { status: response.status };
}
