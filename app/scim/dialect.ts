/**
 * Client dialects: the one place that knows what real clients send that RFC 7643/7644 does not
 * allow. Each accepted deviation is recorded as a note (shown with the request in the traffic view);
 * the profile's `dialect` says, per code, whether it is accepted so or refused (docs/profiles.md).
 */
import type { Profile } from '../../shared/profile';
import type { DialectNote } from '../../shared/types';
import type { DialectCode } from './dialect-codes';
import { badRequest, type ScimType } from './errors';

/**
 * Notes are bounded per request: a body with 80,000 unknown attributes must cost one note per kind,
 * not 80,000 notes scanned 80,000 times. Past these limits a kind is summed up in one last note.
 */
export const NOTE_LIMITS = { perKind: 5, total: 20, messageChars: 300 };

/**
 * Secret values a request may carry that the traffic log hunts for everywhere (traffic/scrub.ts):
 * bounded, so a body of 100,000 passwords cannot make every entry scan for 100,000 strings.
 */
export const SECRET_LIMITS = { count: 64, chars: 1024 };

export class Dialect {
  readonly notes: DialectNote[] = [];
  /**
   * Every secret value the service was sent (a password, a custom attribute named like one), as the
   * service read it: the traffic log masks these wherever they appear, however the masker's reading
   * of the raw body differs from the service's (threat model: traffic is shared; docs/security.md).
   */
  readonly secrets: string[] = [];
  private readonly seen = new Set<string>();
  /** Per kind: how many notes were kept, how many more were left out, and the note that says so. */
  private readonly kinds = new Map<string, { kept: number; more: number; summary: DialectNote | null }>();

  private readonly answers: Profile['dialect'];

  /**
   * `answers`: the profile's dialect (what each code gets); `true` refuses every deviation and
   * `false` accepts every one, as the global `strict` setting did before profiles.
   */
  constructor(
    answers: Profile['dialect'] | boolean = false,
    /** What an attribute no schema declares gets (the profile's `unknownAttributes`). */
    readonly unknownAttributes: Profile['unknownAttributes'] = 'ignore',
  ) {
    this.answers = typeof answers === 'boolean' ? { default: answers ? 'refuse' : 'accept', codes: {} } : answers;
  }

  /** Whether this code is refused (its own answer, else the default). */
  refuses(code: DialectCode): boolean {
    return (this.answers.codes[code] ?? this.answers.default) === 'refuse';
  }

  /** Records a deviation, or refuses it when the profile says so (as a 400 of `refusedAs`). */
  accept(code: DialectCode, message: string, refusedAs: ScimType = 'invalidValue'): void {
    if (this.refuses(code)) throw badRequest(`This endpoint refuses ${code}: ${clip(message)}`, refusedAs);
    this.record({ code, message });
  }

  /** Records what the bench did on its own account (not a client's deviation): never refused. */
  inform(code: DialectCode, message: string): void {
    this.record({ code, message });
  }

  /**
   * Whether a note of this kind would still be kept (not just counted): work that only makes a
   * note better (a "did you mean") is skipped once the note would be dropped anyway.
   */
  wants(code: DialectCode): boolean {
    const kind = this.kinds.get(code);
    return (kind?.kept ?? 0) < NOTE_LIMITS.perKind && this.notes.length < NOTE_LIMITS.total - 1;
  }

  /** Records the strings and numbers in a value the service read as a secret (at most SECRET_LIMITS). */
  secret(value: unknown): void {
    const stack = [value];
    while (stack.length && this.secrets.length < SECRET_LIMITS.count) {
      const node = stack.pop();
      if (typeof node === 'string' || typeof node === 'number')
        this.secrets.push(String(node).slice(0, SECRET_LIMITS.chars));
      else if (node && typeof node === 'object') stack.push(...Object.values(node).slice(0, SECRET_LIMITS.count));
    }
  }

  /** Takes in the notes and secrets of an inner request (a Bulk operation), within the same limits. */
  absorb(notes: readonly DialectNote[], secrets: readonly string[] = []): void {
    for (const note of notes) this.record(note);
    for (const secret of secrets) this.secret(secret);
  }

  private record({ code, message }: DialectNote): void {
    const text = clip(message);
    const key = `${code}\u0000${text}`;
    if (this.seen.has(key)) return;
    const kind = this.kinds.get(code) ?? { kept: 0, more: 0, summary: null };
    this.kinds.set(code, kind);
    // One slot stays free for a summary, so every kind that overflows can still say so.
    const room = this.notes.length < NOTE_LIMITS.total - 1;
    if (kind.kept < NOTE_LIMITS.perKind && room) {
      kind.kept++;
      this.seen.add(key); // only kept notes are remembered: the set stays as small as the list
      this.notes.push({ code, message: text });
      return;
    }
    kind.more++;
    const summary = `and ${kind.more} more like this (${code}), not listed one by one`;
    if (kind.summary) kind.summary.message = summary;
    else if (this.notes.length < NOTE_LIMITS.total) this.notes.push((kind.summary = { code, message: summary }));
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

const clip = (text: string) =>
  text.length <= NOTE_LIMITS.messageChars ? text : `${text.slice(0, NOTE_LIMITS.messageChars - 1)}…`;

/** A short, safe description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
