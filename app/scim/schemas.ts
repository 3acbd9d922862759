/**
 * Schema definitions (RFC 7643 §4 and §8.7.1) for User, EnterpriseUser and Group. They drive
 * everything else: name resolution (case-insensitive), type coercion, mutability, `returned`,
 * uniqueness, and the `/Schemas` discovery document.
 */

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export type AttrType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'binary' | 'complex';

export interface AttrDef {
  name: string;
  type: AttrType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  subAttributes?: AttrDef[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttrDef[];
}

type Options = Partial<Omit<AttrDef, 'name' | 'type'>>;

function attr(name: string, type: AttrType, options: Options = {}): AttrDef {
  return {
    name,
    type,
    multiValued: false,
    description: '',
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

const str = (name: string, options?: Options) => attr(name, 'string', options);
const complex = (name: string, subAttributes: AttrDef[], options?: Options) =>
  attr(name, 'complex', { subAttributes, ...options });

/** The usual shape of a multi-valued attribute: value, display, type, primary. */
function multi(name: string, types: string[], options: { value?: AttrDef; extra?: AttrDef[] } = {}): AttrDef {
  return complex(
    name,
    [
      options.value ?? str('value'),
      str('display'),
      str('type', types.length ? { canonicalValues: types } : {}),
      attr('primary', 'boolean'),
      ...(options.extra ?? []),
    ],
    { multiValued: true },
  );
}

const readOnlyRef = (types: string[]) => attr('$ref', 'reference', { referenceTypes: types, mutability: 'readOnly' });

const userAttributes: AttrDef[] = [
  str('userName', {
    required: true,
    uniqueness: 'server',
    description: 'Unique identifier for the user, typically used to sign in.',
  }),
  complex('name', [
    str('formatted'),
    str('familyName'),
    str('givenName'),
    str('middleName'),
    str('honorificPrefix'),
    str('honorificSuffix'),
  ]),
  str('displayName'),
  str('nickName'),
  attr('profileUrl', 'reference', { referenceTypes: ['external'] }),
  str('title'),
  str('userType'),
  str('preferredLanguage'),
  str('locale'),
  str('timezone'),
  attr('active', 'boolean'),
  str('password', { mutability: 'writeOnly', returned: 'never' }),
  multi('emails', ['work', 'home', 'other']),
  multi('phoneNumbers', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
  multi('ims', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
  multi('photos', ['photo', 'thumbnail'], { value: attr('value', 'reference', { referenceTypes: ['external'] }) }),
  complex(
    'addresses',
    [
      str('formatted'),
      str('streetAddress'),
      str('locality'),
      str('region'),
      str('postalCode'),
      str('country'),
      str('type', { canonicalValues: ['work', 'home', 'other'] }),
      attr('primary', 'boolean'),
    ],
    { multiValued: true },
  ),
  complex(
    'groups',
    [
      // Ids are caseExact (RFC 7643 §3.1), so the values that name them are too.
      str('value', { mutability: 'readOnly', caseExact: true }),
      readOnlyRef(['User', 'Group']),
      str('display', { mutability: 'readOnly' }),
      str('type', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }),
    ],
    { multiValued: true, mutability: 'readOnly' },
  ),
  multi('entitlements', []),
  multi('roles', []),
  multi('x509Certificates', [], { value: attr('value', 'binary') }),
];

const enterpriseAttributes: AttrDef[] = [
  str('employeeNumber'),
  str('costCenter'),
  str('organization'),
  str('division'),
  str('department'),
  complex('manager', [
    str('value'),
    attr('$ref', 'reference', { referenceTypes: ['User'] }),
    str('displayName', { mutability: 'readOnly' }),
  ]),
];

const groupAttributes: AttrDef[] = [
  str('displayName', { required: true, uniqueness: 'server' }),
  complex(
    'members',
    [
      str('value', { mutability: 'immutable', caseExact: true }),
      attr('$ref', 'reference', { referenceTypes: ['User', 'Group'], mutability: 'immutable' }),
      str('display', { mutability: 'readOnly' }),
      str('type', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
    ],
    { multiValued: true },
  ),
];

export const SCHEMAS: SchemaDef[] = [
  { id: USER_SCHEMA, name: 'User', description: 'User Account', attributes: userAttributes },
  { id: ENTERPRISE_SCHEMA, name: 'EnterpriseUser', description: 'Enterprise User', attributes: enterpriseAttributes },
  { id: GROUP_SCHEMA, name: 'Group', description: 'Group', attributes: groupAttributes },
];

/** Attributes every resource has (RFC 7643 §3.1), outside any schema's attribute list. */
export const COMMON_ATTRIBUTES: AttrDef[] = [
  str('id', { mutability: 'readOnly', returned: 'always', caseExact: true, uniqueness: 'server' }),
  str('externalId', { caseExact: true }),
  complex(
    'meta',
    [
      str('resourceType', { mutability: 'readOnly', caseExact: true }),
      attr('created', 'dateTime', { mutability: 'readOnly' }),
      attr('lastModified', 'dateTime', { mutability: 'readOnly' }),
      attr('location', 'reference', { mutability: 'readOnly', referenceTypes: ['uri'] }),
      str('version', { mutability: 'readOnly', caseExact: true }),
    ],
    { mutability: 'readOnly' },
  ),
];

export type ResourceType = 'User' | 'Group';

export interface ResourceTypeDef {
  name: ResourceType;
  endpoint: string;
  schema: string;
  extensions: string[];
  /** Extensions every resource of the type must carry (ResourceType `schemaExtensions.required`). */
  requiredExtensions?: string[];
}

export const RESOURCE_TYPES: Record<ResourceType, ResourceTypeDef> = {
  User: { name: 'User', endpoint: '/Users', schema: USER_SCHEMA, extensions: [ENTERPRISE_SCHEMA] },
  Group: { name: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA, extensions: [] },
};

/**
 * The schemas in force: the built-in ones, or an endpoint's (the built-ins plus what it declares,
 * app/scim/schema-set.ts). The service handles a request synchronously inside `withSchemas`, so
 * everything it calls — coercion, path resolution, PATCH, filters compiled to SQL, discovery —
 * reads that endpoint's set without every signature carrying it.
 */
export interface SchemaSet {
  schemas: readonly SchemaDef[];
  resourceTypes: Readonly<Record<ResourceType, ResourceTypeDef>>;
}

export const BUILT_IN_SCHEMAS: SchemaSet = { schemas: SCHEMAS, resourceTypes: RESOURCE_TYPES };

let active: SchemaSet = BUILT_IN_SCHEMAS;

/** Runs `work` (synchronous) with `set` in force, and puts the previous set back whatever happens. */
export function withSchemas<T>(set: SchemaSet, work: () => T): T {
  const previous = active;
  active = set;
  try {
    return work();
  } finally {
    active = previous;
  }
}

/** The schemas in force, in `/Schemas` order. */
export const allSchemas = (): readonly SchemaDef[] => active.schemas;

/** A resource type as the schemas in force define it (its extensions included). */
export const resourceType = (type: ResourceType): ResourceTypeDef => active.resourceTypes[type];

export const schemaById = (id: string): SchemaDef | undefined =>
  active.schemas.find((s) => s.id.toLowerCase() === id.toLowerCase());

export const findAttr = (attrs: AttrDef[] | undefined, name: string): AttrDef | undefined =>
  attrs?.find((a) => a.name.toLowerCase() === name.toLowerCase());
