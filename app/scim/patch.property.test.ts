/**
 * Property: whatever PATCH operations a client sends on multi-valued attributes — filtered paths,
 * sub-attributes, whole elements, appends — the result never has more than one `primary: true`
 * value per attribute (RFC 7643 §2.4), and a value the client marked primary is the one kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dialect } from './dialect';
import { ScimError } from './errors';
import { applyPatch } from './patch';
import { normalizeResource, type JsonObject } from './resource';
import { RESOURCE_TYPES, schemaById } from './schemas';
import { resourceBody, word } from '../test/schema-arbitraries';

const MULTI = schemaById(RESOURCE_TYPES.User.schema)!.attributes.filter(
  (a) => a.multiValued && a.type === 'complex' && a.subAttributes?.some((s) => s.name === 'primary'),
);

const operation = fc.constantFrom(...MULTI).chain((def) => {
  const subs = def.subAttributes!.filter((s) => s.type === 'string' && s.mutability !== 'readOnly').map((s) => s.name);
  const filter = fc.tuple(fc.constantFrom(...subs), word).map(([sub, v]) => `${sub} eq ${JSON.stringify(v)}`);
  const element = fc.record({ value: word, type: word, primary: fc.boolean() }, { requiredKeys: ['value'] });
  return fc.oneof(
    filter.map((f) => ({ op: 'replace', path: `${def.name}[${f}].primary`, value: true })),
    fc
      .tuple(filter, element)
      .map(([f, e]) => ({ op: 'replace', path: `${def.name}[${f}]`, value: { ...e, primary: true } })),
    fc.array(element, { minLength: 1, maxLength: 3 }).map((value) => ({ op: 'add', path: def.name, value })),
    fc.array(element, { maxLength: 3 }).map((value) => ({ op: 'replace', path: def.name, value })),
    fc.tuple(filter, element).map(([f, e]) => ({ op: 'add', path: `${def.name}[${f}]`, value: e })),
  );
});

describe('PATCH keeps at most one primary value', () => {
  it('after any sequence of operations on multi-valued attributes', () =>
    fc.assert(
      fc.property(resourceBody('User'), fc.array(operation, { minLength: 1, maxLength: 5 }), (body, operations) => {
        const current = normalizeResource('User', body, new Dialect());
        let data: JsonObject;
        try {
          data = applyPatch('User', current, { Operations: operations }, new Dialect()).data;
        } catch (error) {
          if (error instanceof ScimError) return; // e.g. noTarget: refused whole, nothing to check
          throw error;
        }
        for (const def of MULTI) {
          const values = (Array.isArray(data[def.name]) ? data[def.name] : []) as JsonObject[];
          expect(values.filter((v) => v.primary === true).length, def.name).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 400 },
    ));
});
