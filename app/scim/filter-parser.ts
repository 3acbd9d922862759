/**
 * SCIM filter and PATCH path parser (RFC 7644 §3.4.2.2 and §3.5.2). Pure: text in, AST out.
 * Errors are `400 invalidFilter` (or `invalidPath`) naming the position, so a client author can
 * find the mistake without reading our source.
 */
import { badRequest, type ScimType } from './errors';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';
export type CompValue = string | number | boolean | null;

/** `urn:…:User:name.givenName` → { urn, attr: 'name', sub: 'givenName' }. Names keep the client's case. */
export interface AttrPath {
  urn?: string;
  attr: string;
  sub?: string;
}

export type Filter =
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  | { kind: 'present'; path: AttrPath }
  /** `unquoted`: the value was a bare word (`externalId eq jyoung`), which RFC 7644 does not allow. */
  | { kind: 'compare'; op: CompareOp; path: AttrPath; value: CompValue; unquoted?: true }
  /** `emails[type eq "work"]`: inner paths are relative to each element of `path`. */
  | {
      kind: 'valuePath';
      path: AttrPath;
      filter: Filter;
      /**
       * Set for `emails[type eq "work"].value eq "x"`, which RFC 7644's filter grammar does not
       * have (only PATCH paths do) but Microsoft's tutorial requires; the comparison of `sub` is
       * already in `filter`. The dialect decides whether to accept it.
       */
      subFilter?: string;
    };

/** A PATCH target: `attrPath`, or `valuePath[.subAttr]`. */
export interface PatchPath {
  path: AttrPath;
  filter?: Filter;
  /** Sub-attribute after a value filter: `emails[type eq "work"].value`. */
  sub?: string;
}

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le']);
/** Hostile-input limits: a filter longer or deeper than this is refused, not parsed. */
export const MAX_FILTER_LENGTH = 8192;
const MAX_DEPTH = 64;

type Token =
  | { type: 'word'; text: string; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: '(' | ')' | '[' | ']'; pos: number }
  | { type: 'end'; pos: number };

const NAME = /^[A-Za-z$][\w$-]*$/;

function tokenize(input: string, fail: (pos: number, msg: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else if (ch === '(' || ch === ')' || ch === '[' || ch === ']') {
      tokens.push({ type: ch, pos: i });
      i++;
    } else if (ch === '"') {
      const start = i++;
      let escaped = false;
      while (i < input.length && (escaped || input[i] !== '"')) {
        escaped = !escaped && input[i] === '\\';
        i++;
      }
      if (i >= input.length) fail(start, 'unterminated string');
      const raw = input.slice(start, ++i);
      try {
        tokens.push({ type: 'string', value: JSON.parse(raw) as string, pos: start });
      } catch {
        fail(start, 'invalid escape in string');
      }
    } else {
      const start = i;
      while (i < input.length && !' \t\r\n()[]"'.includes(input[i]!)) i++;
      tokens.push({ type: 'word', text: input.slice(start, i), pos: start });
    }
  }
  tokens.push({ type: 'end', pos: input.length });
  return tokens;
}

/** Splits `urn:…:User:name.givenName` / `name.givenName` / `userName` into its parts. */
export function parseAttrPath(text: string): AttrPath | null {
  let urn: string | undefined;
  let rest = text;
  if (/^urn:/i.test(text)) {
    const colon = text.lastIndexOf(':');
    urn = text.slice(0, colon);
    rest = text.slice(colon + 1);
    if (!rest) return null;
  }
  const parts = rest.split('.');
  if (parts.length > 2 || !parts.every((p) => NAME.test(p))) return null;
  return { ...(urn ? { urn } : {}), attr: parts[0]!, ...(parts[1] ? { sub: parts[1] } : {}) };
}

class Parser {
  private at = 0;
  private depth = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly input: string,
    private readonly scimType: ScimType,
  ) {
    if (input.length > MAX_FILTER_LENGTH)
      throw badRequest(`Filter is longer than ${MAX_FILTER_LENGTH} characters`, scimType);
    this.tokens = tokenize(input, (pos, msg) => this.fail(pos, msg));
  }

  fail(pos: number, message: string): never {
    const near = this.input.slice(pos, pos + 20);
    throw badRequest(
      `Invalid ${this.scimType === 'invalidPath' ? 'path' : 'filter'} at position ${pos + 1}: ${message}${
        near ? ` (near '${near}')` : ''
      }`,
      this.scimType,
    );
  }

  private peek(): Token {
    return this.tokens[this.at]!;
  }
  private next(): Token {
    return this.tokens[this.at++]!;
  }
  private isWord(token: Token, word: string): boolean {
    return token.type === 'word' && token.text.toLowerCase() === word;
  }
  private expect(type: Token['type'], what: string): Token {
    const token = this.next();
    if (token.type !== type) this.fail(token.pos, `expected ${what}`);
    return token;
  }

  parseFilterToEnd(): Filter {
    const filter = this.parseOr();
    const end = this.peek();
    if (end.type !== 'end') this.fail(end.pos, 'expected "and", "or" or the end of the filter');
    return filter;
  }

  /** `attrPath` or `valuePath[.sub]`, the PATCH `path` grammar. */
  parsePatchPathToEnd(): PatchPath {
    const first = this.next();
    if (first.type !== 'word') this.fail(first.pos, 'expected an attribute name');
    const path = this.attrPath(first);
    if (this.peek().type !== '[') {
      this.expectEnd();
      return { path };
    }
    if (path.sub) this.fail(first.pos, 'a value filter cannot follow a sub-attribute');
    this.next();
    const filter = this.parseOr();
    const close = this.expect(']', '"]"');
    const after = this.peek();
    if (after.type === 'word' && after.text.startsWith('.') && after.pos === close.pos + 1) {
      this.next();
      const sub = after.text.slice(1);
      if (!NAME.test(sub)) this.fail(after.pos, 'invalid sub-attribute name');
      this.expectEnd();
      return { path, filter, sub };
    }
    this.expectEnd();
    return { path, filter };
  }

  private expectEnd(): void {
    const token = this.peek();
    if (token.type !== 'end') this.fail(token.pos, 'unexpected text after the path');
  }

  private nest<T>(pos: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail(pos, `nested deeper than ${MAX_DEPTH} levels`);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private parseOr(): Filter {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Filter {
    let left = this.parseUnary();
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Filter {
    const token = this.peek();
    if (this.isWord(token, 'not')) {
      this.next();
      const open = this.expect('(', '"(" after "not"');
      const filter = this.nest(open.pos, () => this.parseOr());
      this.expect(')', '")"');
      return { kind: 'not', filter };
    }
    if (token.type === '(') {
      this.next();
      const filter = this.nest(token.pos, () => this.parseOr());
      this.expect(')', '")"');
      return filter;
    }
    if (token.type !== 'word') this.fail(token.pos, 'expected an attribute name');
    this.next();
    const path = this.attrPath(token);
    if (this.peek().type === '[') {
      const open = this.next();
      if (path.sub) this.fail(open.pos, 'a value filter cannot follow a sub-attribute');
      const filter = this.nest(open.pos, () => this.parseOr());
      const close = this.expect(']', '"]"');
      const after = this.peek();
      if (after.type === 'word' && after.text.startsWith('.') && after.pos === close.pos + 1) {
        // `emails[type eq "work"].value eq "x"` → emails[type eq "work" and value eq "x"]
        this.next();
        const sub = after.text.slice(1);
        if (!NAME.test(sub)) this.fail(after.pos, 'invalid sub-attribute name');
        const compare = this.comparison({ attr: sub }, this.next());
        return { kind: 'valuePath', path, filter: { kind: 'and', left: filter, right: compare }, subFilter: sub };
      }
      return { kind: 'valuePath', path, filter };
    }
    return this.comparison(path, this.next());
  }

  /** `path op value`, or `path pr`, given the operator's token. */
  private comparison(path: AttrPath, opToken: Token): Filter {
    if (opToken.type !== 'word')
      this.fail(opToken.pos, 'expected an operator (eq, ne, co, sw, ew, gt, lt, ge, le, pr)');
    const op = opToken.text.toLowerCase();
    if (op === 'pr') return { kind: 'present', path };
    if (!COMPARE_OPS.has(op))
      this.fail(opToken.pos, `unknown operator '${opToken.text}' (expected eq, ne, co, sw, ew, gt, lt, ge, le or pr)`);
    return { kind: 'compare', op: op as CompareOp, path, ...this.compValue() };
  }

  /**
   * A comparison value. A bare word that is not a literal (`jyoung`, `2015-10-10T14:38:21Z`) is kept
   * as text and marked `unquoted`: the dialect decides whether to accept it (scim/filter-dialect.ts).
   */
  private compValue(): { value: CompValue; unquoted?: true } {
    const token = this.next();
    if (token.type === 'string') return { value: token.value };
    if (token.type === 'word') {
      const lower = token.text.toLowerCase();
      if (lower === 'true') return { value: true };
      if (lower === 'false') return { value: false };
      if (lower === 'null') return { value: null };
      if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token.text)) return { value: Number(token.text) };
      if (token.text.startsWith("'"))
        return this.fail(token.pos, 'expected a value: strings take double quotes ("…"), not single quotes');
      if (!/^(and|or|not)$/i.test(token.text)) return { value: token.text, unquoted: true };
    }
    return this.fail(token.pos, 'expected a value: a "string", a number, true, false or null');
  }

  private attrPath(token: Token & { type: 'word' }): AttrPath {
    const path = parseAttrPath(token.text);
    if (!path) this.fail(token.pos, `'${token.text}' is not an attribute path`);
    return path;
  }
}

/** Parses a `filter` query parameter. Throws `400 invalidFilter` naming the spot. */
export function parseFilter(text: string): Filter {
  return new Parser(text, 'invalidFilter').parseFilterToEnd();
}

/** Parses a PATCH operation's `path`. Throws `400 invalidPath` naming the spot. */
export function parsePatchPath(text: string): PatchPath {
  return new Parser(text, 'invalidPath').parsePatchPathToEnd();
}
