/**
 * Parsing a request body. Bounded before anything walks it: every later step (normalisation,
 * PATCH, Bulk references, redaction) may recurse, so a body nested deeper than any SCIM resource
 * is refused here, whole, before one operation of it runs.
 */
import { badRequest } from './errors';

/** Deeper than any real resource (a Bulk of PATCHes of a custom extension is about 8 levels). */
export const MAX_JSON_DEPTH = 32;

/** Parses JSON text and checks its depth; throws `400 invalidSyntax` saying which limit was passed. */
export function parseJsonBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof RangeError ? 'it is nested too deeply' : (error as Error).message;
    throw badRequest(`The body is not valid JSON: ${reason}`, 'invalidSyntax');
  }
  if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw badRequest(`The body is nested more than ${MAX_JSON_DEPTH} levels deep`, 'invalidSyntax');
  return value;
}

/** The nesting depth of a parsed JSON value, counted without recursion; stops once past `stopAt`. */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > stopAt) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, level]);
  }
  return deepest;
}
