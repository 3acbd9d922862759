/**
 * Client dialects: the one place that knows what real clients send that RFC 7643/7644 does not
 * allow. Each accepted deviation is recorded as a note (shown with the request in the traffic view);
 * in strict mode the same deviations are refused instead.
 */
import type { DialectNote } from '../../shared/types';
import { badRequest } from './errors';

export class Dialect {
  readonly notes: DialectNote[] = [];

  constructor(readonly strict = false) {}

  /** Records a deviation, or refuses it in strict mode. */
  accept(code: string, message: string): void {
    if (this.strict) throw badRequest(`Strict mode: ${message}`, 'invalidValue');
    if (!this.notes.some((n) => n.code === code && n.message === message)) this.notes.push({ code, message });
  }

  /** Entra sends booleans as strings in any case ("False", "true"). */
  boolean(value: unknown, where: string): boolean {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) {
      this.accept('string-boolean', `sent ${where} as the string "${value}" instead of a boolean`);
      return value.toLowerCase() === 'true';
    }
    throw badRequest(`${where} must be a boolean, got ${describe(value)}`, 'invalidValue');
  }

  /** PATCH op names are lower case in RFC 7644; Entra capitalises them ("Replace"). */
  op(value: unknown): 'add' | 'replace' | 'remove' {
    if (typeof value !== 'string' || !/^(add|replace|remove)$/i.test(value))
      throw badRequest(`PATCH op must be "add", "replace" or "remove", got ${describe(value)}`, 'invalidSyntax');
    const op = value.toLowerCase() as 'add' | 'replace' | 'remove';
    if (op !== value) this.accept('capitalised-op', `sent the PATCH op "${value}" capitalised`);
    return op;
  }
}

/** A short, safe description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
