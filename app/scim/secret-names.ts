/**
 * The one list of attribute, parameter and header names that hold a secret. The service drops
 * such attributes from custom data it keeps (resource.ts), and the traffic log masks their values
 * (traffic/redact.ts): one regex, so a name the log masks is never a name the store keeps.
 */

/** A single name (a JSON key, the last part of a URN or dotted path, a parameter, a header with `-` → `_`). */
export const SECRET_NAME =
  /pass(?:word|wd|phrase)|secret|token$|api[-_]?key$|private[-_]?key$|credential|^(?:pwd|authorization)$/i;

/** The same words anywhere in raw text, plus `\` (a \u escape can spell a key): text without any need not be parsed. */
export const MAYBE_SECRET =
  /pass(?:word|wd|phrase)|secret|token|api[-_]?key|private[-_]?key|pwd|authoriz|credential|\\/i;

/**
 * Whether an attribute name or path names a secret: `password`, `urn:…:2.0:User:password`,
 * `x.password`, `emails[type eq "work"].value` (no); filters in brackets are not names.
 */
export function isSecretName(name: string): boolean {
  const plain = name.replace(/\[[^\]]*\]/g, '');
  const leaf = plain.slice(plain.lastIndexOf(':') + 1);
  return leaf.split('.').some((part) => SECRET_NAME.test(part.trim()));
}
