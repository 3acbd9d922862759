/**
 * The attributes a request sets or touches, for rules that fault "any request about department".
 * A request names an attribute many ways (`department`, the enterprise URN form, a PATCH path with
 * a filter, Entra's path-less dotted keys): every form is reduced to the same lower-case names, each
 * with and without its schema URN. Bounded: a hostile body cannot make this walk 100,000 keys.
 */
const MAX_NAMES = 500;
const URN_ATTRIBUTE = /^(urn:[^[\]]+):([^:[\]]+(?:\.[^:[\]]+)?)$/i;

/**
 * A schema URN names a resource type or extension (`…:2.0:User`, `…:enterprise:2.0:User`), whose
 * last part is capitalised by convention; an attribute's URN path (`…:2.0:User:manager`) is not.
 */
const isSchemaUrn = (key: string) => /^[A-Z]/.test(key.slice(key.lastIndexOf(':') + 1));

/** `emails[type eq "work"].value` → `emails.value`; `urn:…:User:manager.value` → both forms. */
function namesOf(path: string): string[] {
  const plain = path.replace(/\[[^\]]*\]/g, '').toLowerCase();
  const urn = URN_ATTRIBUTE.exec(plain);
  const bare = urn ? urn[2]! : plain;
  const names = [plain, bare];
  const dot = bare.indexOf('.');
  if (dot > 0) names.push(bare.slice(0, dot), ...(urn ? [`${urn[1]}:${bare.slice(0, dot)}`] : []));
  return names;
}

function addKeys(out: Set<string>, value: unknown, prefix: string): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (out.size >= MAX_NAMES) return;
    const name = /^urn:/i.test(key) ? key : prefix ? `${prefix}.${key}` : key;
    if (/^urn:/i.test(key) && inner && typeof inner === 'object' && !Array.isArray(inner) && isSchemaUrn(key)) {
      // An extension object: its attributes, named with and without the URN.
      for (const sub of Object.keys(inner)) for (const n of namesOf(`${key}:${sub}`)) out.add(n);
      continue;
    }
    if (key === 'schemas' && !prefix) continue;
    for (const n of namesOf(name)) out.add(n);
    if (!prefix && inner && typeof inner === 'object' && !Array.isArray(inner)) addKeys(out, inner, key);
  }
}

/** Every attribute name the body of a create, a replace or a PATCH touches, lower case. */
export function touchedAttributes(method: string, body: unknown): Set<string> {
  const out = new Set<string>();
  if (method === 'PATCH' && body && typeof body === 'object') {
    const operations = (body as { Operations?: unknown }).Operations;
    if (!Array.isArray(operations)) return out;
    for (const op of operations.slice(0, MAX_NAMES)) {
      if (!op || typeof op !== 'object') continue;
      const { path, value } = op as { path?: unknown; value?: unknown };
      if (typeof path === 'string') for (const n of namesOf(path.trim())) out.add(n);
      else addKeys(out, value, '');
    }
    return out;
  }
  if (method === 'POST' || method === 'PUT') addKeys(out, body, '');
  return out;
}

/** Whether `attribute` (as a rule names it) is among `touched`. */
export const touches = (touched: Set<string>, attribute: string) =>
  namesOf(attribute)
    .slice(0, 1)
    .some((name) => touched.has(name));
