/** SCIM requests made from the console go through the real endpoint, so they are recorded like any client's. */
import type { ScimCall } from '../../shared/types';

export async function consoleScim(
  scimUrl: string,
  token: string,
  call: ScimCall,
  consoleMark: string,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(scimUrl + call.path, {
    method: call.method,
    headers: {
      Authorization: `Bearer ${token}`,
      'User-Agent': 'SCIM Bench console',
      'X-Scim-Bench-Console': consoleMark, // labels it console in traffic (capture checks the mark)
      ...(call.body !== undefined ? { 'Content-Type': 'application/scim+json' } : {}),
    },
    ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: response.status, body };
}
