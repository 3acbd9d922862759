/** SCIM requests made from the console go through the real endpoint, so they are recorded like any client's. */
import type { ScimCall } from '../../shared/types';
import { consoleHeaders } from './console-mark';

/** Sends `call` to the bench's own endpoint with the token and the Engine's console `mark`. */
export async function consoleScim(
  scimUrl: string,
  token: string,
  mark: string,
  call: ScimCall,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(scimUrl + call.path, {
    method: call.method,
    redirect: 'manual',
    headers: {
      ...consoleHeaders(mark, 'SCIM Bench console'),
      Authorization: `Bearer ${token}`,
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
