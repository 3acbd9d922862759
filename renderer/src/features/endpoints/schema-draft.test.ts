import { describe, expect, it } from 'vitest';
import { EMPTY_SCHEMA } from '../../../../shared/custom-schema';
import {
  SCHEMA_URN,
  blankAttribute,
  exportSchema,
  importSchema,
  schemaProblems,
  withAttribute,
  withExtension,
  withoutAttribute,
} from './schema-draft';

const HR = 'urn:example:params:scim:schemas:extension:hr:2.0:User';
const rfcSchema = {
  schemas: [SCHEMA_URN],
  id: HR,
  name: 'HR',
  description: 'Human resources',
  attributes: [
    { name: 'costCenter', type: 'string', multiValued: false, mutability: 'readWrite', returned: 'default' },
    {
      name: 'badge',
      type: 'complex',
      multiValued: false,
      subAttributes: [{ name: 'number', type: 'integer', multiValued: false }],
    },
  ],
  meta: { resourceType: 'Schema', location: '/v2/Schemas/' + HR },
};

describe('the schema file', () => {
  it('imports one RFC 7643 schema, a list of them and a /Schemas answer alike, with defaults filled', () => {
    for (const file of [rfcSchema, [rfcSchema], { Resources: [rfcSchema], totalResults: 1 }]) {
      const read = importSchema(JSON.stringify(file));
      expect('schema' in read && read.schema.extensions[0]!.attributes.map((a) => a.name)).toEqual([
        'costCenter',
        'badge',
      ]);
      if ('schema' in read) expect(read.schema.extensions[0]!.attributes[0]!.uniqueness).toBe('none');
    }
  });

  it('exports what it imports, each extension marked as a Schema', () => {
    const read = importSchema(JSON.stringify(rfcSchema));
    if (!('schema' in read)) throw new Error(read.problems.join('; '));
    const file = exportSchema(read.schema);
    expect(JSON.parse(file).extensions[0].schemas).toEqual([SCHEMA_URN]);
    expect(importSchema(file)).toEqual(read);
  });

  it('says in words what is wrong with a file, and imports none of it', () => {
    expect(importSchema('{"extensions": [')).toEqual({ problems: [expect.stringMatching(/^The file is not JSON/)] });
    expect(importSchema('"a string"')).toEqual({ problems: [expect.stringMatching(/neither a schema/)] });
    const bad = structuredClone(rfcSchema);
    bad.attributes[1]!.subAttributes![0]!.type = 'complex';
    bad.attributes[0]!.type = 'text';
    const read = importSchema(JSON.stringify(bad));
    expect('problems' in read && read.problems).toEqual([
      expect.stringMatching(new RegExp(`^Extension ${HR}, attribute costCenter, type: `)),
      `Extension ${HR}, attribute badge, sub-attribute number: a sub-attribute cannot be complex (RFC 7643 §2.3.8)`,
    ]);
  });
});

describe('the schema draft', () => {
  it('adds, replaces and removes an attribute; an extension without attributes is a problem', () => {
    let schema = withExtension(EMPTY_SCHEMA, {
      id: HR,
      name: 'HR',
      description: '',
      resourceType: 'User',
      required: false,
      attributes: [],
    });
    expect(schemaProblems(schema)).toEqual([`Extension ${HR}, attributes: needs at least one attribute`]);
    schema = withAttribute(schema, 0, { ...blankAttribute(), name: 'costCenter' }, null);
    expect(schemaProblems(schema)).toEqual([]);
    schema = withAttribute(schema, 0, { ...blankAttribute(), name: 'costCentre', caseExact: true }, 'costCenter');
    expect(schema.extensions[0]!.attributes.map((a) => [a.name, a.caseExact])).toEqual([['costCentre', true]]);
    schema = withoutAttribute(schema, 0, 'costCentre');
    expect(schema.extensions[0]!.attributes).toEqual([]);
  });

  it('refuses two extensions with the same id', () => {
    const read = importSchema(
      JSON.stringify([rfcSchema, { ...rfcSchema, id: HR.toUpperCase().replace('URN', 'urn') }]),
    );
    expect('problems' in read && read.problems).toEqual(['The schema: two extensions have the same id']);
  });
});
