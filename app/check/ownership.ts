/**
 * What the checker may touch: only what it created, proven. The server's answers are not trusted
 * (docs/check.md): a create can answer another object's id (an upsert gone wrong, a shared id), and
 * an id can hold `#`, `/` or be `..` — while every write and delete goes where the id says. So an id
 * is taken only when it addresses exactly one object, is not one the run already holds, and reads
 * back named with the run's prefix; and cleanup reads each object again before it deletes it.
 */
import type { Exchange } from '../../shared/check';
import { answered, objectOf } from './check-step';

export type ResourceType = 'Users' | 'Groups';

export interface Owned {
  type: ResourceType;
  id: string;
}

/** The longest id the checker puts in a path. */
const MAX_ID_CHARS = 1024;

/** One object's path, its id percent-encoded, so `a/../b`, `x#y` or `x?y` stay one segment. */
export const resourcePath = (type: ResourceType, id: string) => `/${type}/${encodeURIComponent(id)}`;

/** Why an answered id cannot be used as one object's, or null. */
export function unsafeId(id: unknown): string | null {
  if (typeof id !== 'string' || !id) return 'the answer has no id';
  // Left as they are by percent-encoding, and resolved by every URL parser: the collection, the base.
  if (id === '.' || id === '..')
    return `its id ${JSON.stringify(id)} addresses the collection or the base URL, not one object`;
  if (id.length > MAX_ID_CHARS) return `its id is longer than ${MAX_ID_CHARS} characters`;
  return null;
}

/** What an object is named by: the name the checker gives it starts with the run's prefix. */
const nameOf = (type: ResourceType, resource: Record<string, unknown> | null): unknown =>
  type === 'Users' ? resource?.userName : resource?.displayName;

export type Reading = { ours: true } | { ours: false; gone: boolean; why: string };

/** Reads the object back and says whether it is one of the run's. */
export async function readsAsOurs(
  send: (method: string, path: string) => Promise<Exchange>,
  { type, id }: Owned,
  prefix: string,
): Promise<Reading> {
  const ex = await send('GET', resourcePath(type, id));
  if (ex.status === 404) return { ours: false, gone: true, why: 'it is not found' };
  if (ex.status !== 200) return { ours: false, gone: false, why: `reading it back ${answered(ex)}` };
  const name = nameOf(type, objectOf(ex));
  if (typeof name === 'string' && name.startsWith(prefix)) return { ours: true };
  const attribute = type === 'Users' ? 'userName' : 'displayName';
  return {
    ours: false,
    gone: false,
    why: `it reads back with ${attribute} ${(JSON.stringify(name) ?? 'missing').slice(0, 120)}, which is not a name this check gave`,
  };
}
