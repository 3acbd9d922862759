/**
 * Secrets in a SCIM filter (`?filter=`, a /.search body's `filter`), found with the service's own
 * filter parser: a comparison the service reads as one of a secret attribute is masked however it
 * is spelt (`password eq"x"`, `password[value eq "x"]`, `not(pwd eq x)`), where a regex reading
 * of the text would miss spellings the parser accepts. A filter that does not parse but may hold a
 * secret is withheld whole (fail closed).
 */
import { parseFilter, type AttrPath, type Filter } from '../scim/filter-parser';
import { MAYBE_SECRET, isSecretName } from '../scim/secret-names';

export const MASK = '********';

const pathText = (p: AttrPath) => `${p.urn ? `${p.urn}:` : ''}${p.attr}${p.sub ? `.${p.sub}` : ''}`;

/** The filter as text again, with the values of secret comparisons masked (reported to `found`). */
function rebuild(filter: Filter, found: (secret: string) => void, secretScope: boolean): string {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return `(${rebuild(filter.left, found, secretScope)} ${filter.kind} ${rebuild(filter.right, found, secretScope)})`;
    case 'not':
      return `not (${rebuild(filter.filter, found, secretScope)})`;
    case 'present':
      return `${pathText(filter.path)} pr`;
    case 'compare': {
      const secret = secretScope || isSecretName(pathText(filter.path));
      if (secret && filter.value !== null && typeof filter.value !== 'boolean') found(String(filter.value));
      const value = secret ? MASK : filter.value;
      return `${pathText(filter.path)} ${filter.op} ${JSON.stringify(value)}`;
    }
    case 'valuePath': {
      const inner = rebuild(filter.filter, found, secretScope || isSecretName(pathText(filter.path)));
      return `${pathText(filter.path)}[${inner}]`;
    }
  }
}

/** A filter as recorded: unchanged when no secret is compared, rebuilt with masks when one is, withheld when unreadable. */
export function maskFilter(text: string, found: (secret: string) => void): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let parsed: Filter;
  try {
    parsed = parseFilter(text);
  } catch {
    found(text);
    return `[withheld: a filter of ${text.length} characters that does not parse and may hold a secret]`;
  }
  let masked = false;
  const rebuilt = rebuild(parsed, (secret) => ((masked = true), found(secret)), false);
  return masked ? rebuilt : text;
}
