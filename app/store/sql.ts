/** A tiny SQL fragment builder: text and its parameters travel together, so nothing is spliced. */

export class Sql {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[] = [],
  ) {}
}

/** sql`a = ${value}` → `a = ?` with `value` as a parameter; nested `Sql` fragments are inlined. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0]!;
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof Sql) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1]!;
  });
  return new Sql(text, params);
}

/** Trusted SQL text (identifiers and keywords chosen by our code, never by a client). */
export const raw = (text: string) => new Sql(text);

export function join(parts: Sql[], separator: string): Sql {
  return new Sql(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.params),
  );
}
