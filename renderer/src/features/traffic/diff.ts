/** What a change did to a resource, as a flat list of paths: pure, so it is unit-tested. */

export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

const IGNORED = new Set(['meta']);

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value))
      if (!(prefix === '' && IGNORED.has(key))) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  } else if (Array.isArray(value) && value.some((v) => v && typeof v === 'object')) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else {
    out.set(prefix, value);
  }
}

export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Change[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  if (before) flatten(before, '', a);
  if (after) flatten(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths
    .filter((p) => JSON.stringify(a.get(p)) !== JSON.stringify(b.get(p)))
    .map((path) => ({ path, before: a.get(path), after: b.get(path) }));
}
