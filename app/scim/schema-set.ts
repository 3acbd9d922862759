/**
 * An endpoint's schemas: the built-in ones plus the extensions it declares (shared/custom-schema.ts),
 * as one SchemaSet the service puts in force for each request (`withSchemas`, schemas.ts). A
 * declared attribute is then an attribute like the core ones: coerced and checked on write
 * (resource.ts, patch.ts), returned as its `returned` says, resolved in filters and sorts (and so
 * compiled to SQL by store/filter-sql.ts), and listed in `/Schemas` and `/ResourceTypes`.
 */
import type { CustomAttribute, EndpointSchema } from '../../shared/custom-schema';
import {
  BUILT_IN_SCHEMAS,
  RESOURCE_TYPES,
  SCHEMAS,
  type AttrDef,
  type ResourceType,
  type ResourceTypeDef,
  type SchemaDef,
  type SchemaSet,
} from './schemas';

const toDef = (attribute: CustomAttribute | Omit<CustomAttribute, 'subAttributes'>): AttrDef => ({
  name: attribute.name,
  type: attribute.type,
  multiValued: attribute.multiValued,
  description: attribute.description,
  required: attribute.required,
  caseExact: attribute.caseExact,
  mutability: attribute.mutability,
  returned: attribute.returned,
  uniqueness: attribute.uniqueness,
  ...(attribute.canonicalValues ? { canonicalValues: attribute.canonicalValues } : {}),
  ...(attribute.referenceTypes ? { referenceTypes: attribute.referenceTypes } : {}),
  ...('subAttributes' in attribute && attribute.subAttributes
    ? { subAttributes: attribute.subAttributes.map(toDef) }
    : {}),
});

/** What keeps a declared schema from being used, in words (the console and the endpoints file show them). */
export function schemaProblems(schema: EndpointSchema): string[] {
  const problems: string[] = [];
  for (const [i, extension] of schema.extensions.entries()) {
    if (SCHEMAS.some((s) => s.id.toLowerCase() === extension.id.toLowerCase()))
      problems.push(`extensions.${i}.id: ${extension.id} is a built-in schema; declare your own URN`);
    const names = extension.attributes.map((a) => a.name.toLowerCase());
    if (new Set(names).size !== names.length) problems.push(`extensions.${i}: an attribute is declared twice`);
    for (const attribute of extension.attributes) {
      const subs = (attribute.subAttributes ?? []).map((s) => s.name.toLowerCase());
      if (new Set(subs).size !== subs.length)
        problems.push(`extensions.${i}.${attribute.name}: a sub-attribute is declared twice`);
      if (attribute.uniqueness !== 'none' && (attribute.multiValued || attribute.type === 'complex'))
        problems.push(`extensions.${i}.${attribute.name}: only a single-valued simple attribute can be unique`);
    }
  }
  return problems;
}

const cache = new WeakMap<EndpointSchema, Map<boolean, SchemaSet>>();

/** The set for an endpoint's declared schema (and its profile's userName case rule), built once per schema. */
export function schemaSetOf(schema: EndpointSchema, userNameCaseExact = false): SchemaSet {
  if (!schema.extensions.length && !userNameCaseExact) return BUILT_IN_SCHEMAS;
  const byCase = cache.get(schema) ?? new Map<boolean, SchemaSet>();
  cache.set(schema, byCase);
  const known = byCase.get(userNameCaseExact);
  if (known) return known;
  const core = SCHEMAS.map((s) =>
    userNameCaseExact && s.id === RESOURCE_TYPES.User.schema
      ? { ...s, attributes: s.attributes.map((a) => (a.name === 'userName' ? { ...a, caseExact: true } : a)) }
      : s,
  );
  const declared: SchemaDef[] = schema.extensions.map((e) => ({
    id: e.id,
    name: e.name,
    description: e.description,
    attributes: e.attributes.map(toDef),
  }));
  const typeOf = (type: ResourceType): ResourceTypeDef => {
    const mine = schema.extensions.filter((e) => e.resourceType === type);
    return {
      ...RESOURCE_TYPES[type],
      extensions: [...RESOURCE_TYPES[type].extensions, ...mine.map((e) => e.id)],
      requiredExtensions: mine.filter((e) => e.required).map((e) => e.id),
    };
  };
  const set: SchemaSet = {
    schemas: [...core, ...declared],
    resourceTypes: { User: typeOf('User'), Group: typeOf('Group') },
  };
  byCase.set(userNameCaseExact, set);
  return set;
}
