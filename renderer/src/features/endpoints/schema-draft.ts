/**
 * The schema editor's logic: reading a JSON file in the RFC 7643 §7 schema representation (one
 * schema, a list of them, a `/Schemas` ListResponse, or the bench's own export), writing one, the
 * edits the form makes, and every problem in words — checked with the engine's own zod schema.
 */
import {
  endpointSchemaSchema,
  type CustomAttribute,
  type CustomExtension,
  type EndpointSchema,
} from '../../../../shared/custom-schema';

export const SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

type Issue = { path: PropertyKey[]; message: string; code?: string };

/** "Extension urn:…:hr, attribute costCenter, type: …" for a zod issue on an EndpointSchema-shaped value. */
function describe(value: unknown, issue: Issue): string {
  const words: string[] = [];
  let at: unknown = value;
  for (let i = 0; i < issue.path.length; i++) {
    const key = issue.path[i]!;
    at = (at as Record<PropertyKey, unknown> | undefined)?.[key];
    const name = (at as { id?: unknown; name?: unknown } | undefined) ?? {};
    const container = key === 'extensions' || key === 'attributes' || key === 'subAttributes';
    if (container && i < issue.path.length - 1) continue;
    const parent = issue.path[i - 1];
    if (parent === 'extensions') words.push(`extension ${typeof name.id === 'string' ? name.id : Number(key) + 1}`);
    else if (parent === 'attributes' || parent === 'subAttributes')
      words.push(
        `${parent === 'attributes' ? 'attribute' : 'sub-attribute'} ${typeof name.name === 'string' && name.name ? name.name : Number(key) + 1}`,
      );
    else words.push(String(key));
  }
  const where = words.join(', ');
  const last = issue.path.at(-1);
  const message =
    issue.code === 'too_small' && (last === 'attributes' || last === 'subAttributes')
      ? 'needs at least one attribute'
      : issue.message;
  return `${where ? where[0]!.toUpperCase() + where.slice(1) : 'The schema'}: ${message}`;
}

/** Every problem of a schema draft, one sentence each (empty: it can be saved). */
export function schemaProblems(draft: unknown): string[] {
  const parsed = endpointSchemaSchema.safeParse(draft);
  return parsed.success ? [] : parsed.error.issues.map((issue) => describe(draft, issue));
}

/** The file's extensions, whichever of the accepted shapes it has. */
function extensionsIn(json: unknown): unknown {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (Array.isArray(o.extensions)) return o.extensions;
    if (Array.isArray(o.Resources)) return o.Resources; // a /Schemas answer
    if ('attributes' in o) return [o];
  }
  return null;
}

/** A file read as a schema, or what is wrong with it (nothing is half imported). */
export function importSchema(text: string): { schema: EndpointSchema } | { problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`The file is not JSON: ${(error as Error).message}`] };
  }
  const extensions = extensionsIn(json);
  if (!extensions)
    return {
      problems: ['The file is neither a schema (with attributes), a list of schemas, nor a /Schemas answer.'],
    };
  const draft = { extensions };
  const parsed = endpointSchemaSchema.safeParse(draft);
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => describe(draft, i)) };
  // `schemas` and `meta` describe the representation, not the schema: the export writes them again.
  return { schema: { extensions: parsed.data.extensions.map(({ schemas: _s, meta: _m, ...e }) => e) } };
}

/** The schema as a file: each extension in the RFC 7643 representation (with `schemas`), re-importable as is. */
export function exportSchema(schema: EndpointSchema): string {
  const extensions = schema.extensions.map(({ schemas: _s, meta: _m, ...e }) => ({ schemas: [SCHEMA_URN], ...e }));
  return `${JSON.stringify({ extensions }, null, 2)}\n`;
}

/** The schema with `attribute` in extension `index`, in place of the one named `replacing` (or added). */
export function withAttribute(
  schema: EndpointSchema,
  index: number,
  attribute: CustomAttribute,
  replacing: string | null,
): EndpointSchema {
  return {
    extensions: schema.extensions.map((e, i) => {
      if (i !== index) return e;
      const at = replacing === null ? -1 : e.attributes.findIndex((a) => a.name === replacing);
      const attributes = at < 0 ? [...e.attributes, attribute] : e.attributes.map((a, j) => (j === at ? attribute : a));
      return { ...e, attributes };
    }),
  };
}

export function withoutAttribute(schema: EndpointSchema, index: number, name: string): EndpointSchema {
  return {
    extensions: schema.extensions.map((e, i) =>
      i === index ? { ...e, attributes: e.attributes.filter((a) => a.name !== name) } : e,
    ),
  };
}

export const withExtension = (schema: EndpointSchema, extension: CustomExtension): EndpointSchema => ({
  extensions: [...schema.extensions, extension],
});

export const withoutExtension = (schema: EndpointSchema, index: number): EndpointSchema => ({
  extensions: schema.extensions.filter((_, i) => i !== index),
});

/** A new attribute as the form starts it: RFC 7643's defaults. */
export const blankAttribute = (): CustomAttribute => ({
  name: '',
  type: 'string',
  multiValued: false,
  description: '',
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
});
