/**
 * An endpoint's own schema: extensions the user declares for Users or Groups, in the RFC 7643 §7
 * schema representation (the same JSON `/Schemas` answers and the console imports and exports).
 * Declared attributes are validated, stored, returned, filterable and sortable like the core ones.
 */
import { z } from 'zod';

const ATTRIBUTE_NAME = /^[A-Za-z][\w$-]{0,63}$/; // RFC 7643 §2.1 ATTRNAME (with $ref's `$`)
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[\w.:%-]{1,200}$/;

const attributeBase = {
  name: z.string().regex(ATTRIBUTE_NAME, 'must be an attribute name (a letter, then letters, digits, _ or -)'),
  type: z.enum(['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'binary', 'complex']),
  multiValued: z.boolean().default(false),
  description: z.string().max(1000).default(''),
  required: z.boolean().default(false),
  caseExact: z.boolean().default(false),
  mutability: z.enum(['readOnly', 'readWrite', 'immutable', 'writeOnly']).default('readWrite'),
  returned: z.enum(['always', 'never', 'default', 'request']).default('default'),
  uniqueness: z.enum(['none', 'server', 'global']).default('none'),
  canonicalValues: z.array(z.string().max(200)).max(100).optional(),
  referenceTypes: z.array(z.string().max(100)).max(20).optional(),
};

/** A sub-attribute: never complex itself (RFC 7643 §2.3.8). */
export const subAttributeSchema = z
  .object(attributeBase)
  .strict()
  .refine((a) => a.type !== 'complex', 'a sub-attribute cannot be complex (RFC 7643 §2.3.8)');

export const customAttributeSchema = z
  .object({ ...attributeBase, subAttributes: z.array(subAttributeSchema).max(50).optional() })
  .strict()
  .refine((a) => (a.type === 'complex') === Boolean(a.subAttributes?.length), {
    message: 'a complex attribute has subAttributes, and only a complex one does',
  });

export const customExtensionSchema = z
  .object({
    /** Present in the RFC 7643 representation; accepted and ignored on import. */
    schemas: z.array(z.string()).optional(),
    id: z.string().regex(URN, 'must be a URN (urn:<namespace>:<name>)'),
    name: z.string().min(1).max(100),
    description: z.string().max(1000).default(''),
    /** Which resource type the extension extends (the ResourceType's schemaExtensions). */
    resourceType: z.enum(['User', 'Group']).default('User'),
    required: z.boolean().default(false),
    attributes: z.array(customAttributeSchema).min(1).max(200),
    meta: z.unknown().optional(),
  })
  .strict();

export const endpointSchemaSchema = z
  .object({ extensions: z.array(customExtensionSchema).max(20) })
  .strict()
  .refine(
    (s) => new Set(s.extensions.map((e) => e.id.toLowerCase())).size === s.extensions.length,
    'two extensions have the same id',
  );

export type CustomAttribute = z.infer<typeof customAttributeSchema>;
export type CustomExtension = z.infer<typeof customExtensionSchema>;
export type EndpointSchema = z.infer<typeof endpointSchemaSchema>;

export const EMPTY_SCHEMA: EndpointSchema = { extensions: [] };
