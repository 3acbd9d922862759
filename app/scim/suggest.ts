/** "Did you mean …?" for names a client misspelt: the closest known name within a small edit distance. */
import { COMMON_ATTRIBUTES, resourceType, allSchemas, schemaById, type ResourceType } from './schemas';

/** Levenshtein distance, stopping early once it exceeds `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...row) > max) return max + 1;
    previous = row;
  }
  return previous[b.length]!;
}

/** Longer names are not anybody's typo of a schema name: no suggestion, no quadratic work. */
const MAX_SUGGESTED_LENGTH = 100;

/** The candidate closest to `name` (ignoring case) within `max` edits, if any. */
export function closest(name: string, candidates: readonly string[], max = 2): string | undefined {
  if (name.length > MAX_SUGGESTED_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of candidates) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase(), max);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

const names = new Map<ResourceType, readonly string[]>();

/** Every attribute path of a resource type a client may name: `name`, `name.givenName`, `urn:…:department`. */
export function attributeNames(type: ResourceType): readonly string[] {
  const cached = names.get(type);
  if (cached) return cached;
  const rt = resourceType(type);
  const list: string[] = [];
  const add = (prefix: string, attrs: { name: string; subAttributes?: { name: string }[] }[]) => {
    for (const a of attrs) {
      list.push(prefix + a.name);
      for (const sub of a.subAttributes ?? []) list.push(`${prefix}${a.name}.${sub.name}`);
    }
  };
  add('', [...schemaById(rt.schema)!.attributes, ...COMMON_ATTRIBUTES]);
  for (const urn of rt.extensions) add(`${urn}:`, schemaById(urn)!.attributes);
  names.set(type, list);
  return list;
}

/** A schema URN the client probably meant (`…:enterprse:2.0:User` → `…:enterprise:2.0:User`). */
export const knownSchemaNear = (urn: string) =>
  closest(
    urn,
    allSchemas()
      .map((s) => s.id)
      .filter((id) => id.toLowerCase() !== urn.toLowerCase()),
    3,
  );
