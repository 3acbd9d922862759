/**
 * The second pass of redaction: every secret value found while masking a request (a password,
 * the bearer token, a client secret, an issued access token) is replaced wherever else the entry
 * holds it — the response body, an error that echoes input, the sentence, notes, the resource
 * before and after. Masking by meaning finds a secret where it is sent; this finds it where it
 * is repeated. Exports, curl and replay derive from the stored entry, so they inherit both.
 */
import { MASK } from './redact';

/** Shorter values are masked where they are sent but not hunted elsewhere: "abc" is in too many words. */
export const MIN_SCRUBBED_LENGTH = 4;
/**
 * Bounds on the hunt (threat model: one request can carry 10,000 passwords): at most this many
 * secrets a request are hunted, and of a longer one only its head. Past them, values are still
 * masked where they are sent (redact.ts); they are not searched for everywhere else.
 */
export const MAX_SCRUBBED_SECRETS = 100;
export const MAX_SCRUBBED_CHARS = 1024;

const TAIL_WINDOW = 1024;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Scrubber {
  /** Each secret as it may appear: raw, JSON-escaped, percent-encoded, form-encoded. */
  private readonly forms = new Set<string>();
  private readonly secrets = new Set<string>();
  private sorted: string[] | null = null;
  private pattern: RegExp | null = null;

  /** Adds a secret value; bound, so it can be passed as a callback. */
  readonly add = (value: string): void => {
    const secret = value.slice(0, MAX_SCRUBBED_CHARS);
    if (secret.length < MIN_SCRUBBED_LENGTH || this.secrets.has(secret)) return;
    if (this.secrets.size >= MAX_SCRUBBED_SECRETS) return;
    this.secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), encoded, encoded.replace(/%20/g, '+')])
      this.forms.add(form);
    this.sorted = this.pattern = null;
  };

  private get all(): string[] {
    // Longest first, so a secret that contains another is replaced whole.
    return (this.sorted ??= [...this.forms].sort((a, b) => b.length - a.length));
  }

  /** The text with every known secret replaced by the mask: one pass of one regex, whatever the count. */
  text(text: string): string {
    if (!this.forms.size) return text;
    this.pattern ??= new RegExp(this.all.map(escapeRegex).join('|'), 'g');
    return text.replace(this.pattern, MASK);
  }

  /** A JSON value with every string (keys included) scrubbed; the same value when there is nothing to scrub. */
  json<T>(value: T): T {
    if (!this.forms.size) return value;
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') return this.text(node);
      if (node === null || typeof node !== 'object') return node;
      if (Array.isArray(node)) return node.map(walk);
      const out = Object.create(null) as Record<string, unknown>;
      for (const [key, v] of Object.entries(node)) out[this.text(key)] = walk(v);
      return out;
    };
    return walk(value) as T;
  }

  /**
   * Text that was cut short: a secret split by the cut is not found whole, so a tail that begins
   * one (4 characters or more of it, within the last 1,024) is masked too.
   */
  cutTail(text: string): string {
    for (const form of this.all) {
      const from = text.length - Math.min(form.length - 1, TAIL_WINDOW);
      for (let p = Math.max(0, from); p <= text.length - MIN_SCRUBBED_LENGTH; p++)
        if (text.charCodeAt(p) === form.charCodeAt(0) && form.startsWith(text.slice(p))) return text.slice(0, p) + MASK;
    }
    return text;
  }
}
