/**
 * Declared attributes behave like the core ones, over HTTP: validated and coerced, stored,
 * returned as `returned` says, filterable and sortable (compiled to SQL), in /Schemas and
 * /ResourceTypes — and data sent before the declaration becomes typed once declared.
 */
import { describe, expect, it } from 'vitest';
import type { EndpointSchema } from '../../shared/custom-schema';
import { dispatch } from '../commands';
import { startBench } from '../test/bench-harness';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const HR = 'urn:contoso:schemas:extension:hr:2.0:User';

const HR_SCHEMA = {
  extensions: [
    {
      id: HR,
      name: 'HR',
      resourceType: 'User',
      attributes: [
        { name: 'badgeNumber', type: 'integer' },
        { name: 'costCenter', type: 'string', caseExact: true },
        { name: 'employeeId', type: 'string', uniqueness: 'server' },
        { name: 'hired', type: 'dateTime' },
        { name: 'contractor', type: 'boolean' },
        { name: 'pin', type: 'string', returned: 'never' },
        { name: 'skills', type: 'string', multiValued: true },
        {
          name: 'office',
          type: 'complex',
          subAttributes: [
            { name: 'building', type: 'string' },
            { name: 'floor', type: 'integer' },
          ],
        },
      ],
    },
  ],
} as unknown as EndpointSchema;

const list = (body: unknown) => (body as { Resources: Record<string, unknown>[] }).Resources;

async function hrBench() {
  const bench = await startBench();
  const app = await bench.endpoint('hr-app', { schema: HR_SCHEMA });
  const create = (userName: string, hr: Record<string, unknown>) =>
    app.scim('/Users', { method: 'POST', json: { schemas: [USER, HR], userName, [HR]: hr } });
  return { bench, app, create };
}

describe('a declared extension', () => {
  it('is in /Schemas and in the User resource type', async () => {
    const { app, bench } = await hrBench();
    const schemas = list(await (await app.scim('/Schemas')).json());
    const hr = schemas.find((s) => s.id === HR) as { attributes: { name: string; type: string }[] };
    expect(hr.attributes.map((a) => `${a.name}:${a.type}`)).toContain('badgeNumber:integer');
    const types = list(await (await app.scim('/ResourceTypes')).json());
    const user = types.find((t) => t.name === 'User') as { schemaExtensions: { schema: string }[] };
    expect(user.schemaExtensions.map((e) => e.schema)).toContain(HR);
    // Only this endpoint's: the default one does not have it.
    const defaults = list(await (await bench.scim('/Schemas')).json());
    expect(defaults.map((s) => s.id)).not.toContain(HR);
  });

  it('is coerced and checked on write, and returned as `returned` says', async () => {
    const { create } = await hrBench();
    const created = await create('ann', {
      badgeNumber: '42',
      contractor: 'True',
      pin: '1234',
      skills: ['scim'],
      office: { building: 'B1', floor: 3 },
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as Record<string, Record<string, unknown>>;
    expect(body[HR]).toMatchObject({ badgeNumber: 42, contractor: true, skills: ['scim'], office: { floor: 3 } });
    expect(body[HR]!.pin).toBeUndefined(); // returned: never
    const refused = await create('bob', { badgeNumber: 'forty-two' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { scimType: string }).scimType).toBe('invalidValue');
  });

  it('is filtered and sorted in SQL, with its own caseExact', async () => {
    const { app, create } = await hrBench();
    await create('c1', { badgeNumber: 30, costCenter: 'Sales' });
    await create('c2', { badgeNumber: 10, costCenter: 'sales' });
    await create('c3', { badgeNumber: 20, costCenter: 'Sales' });
    const query = async (q: string) => list(await (await app.scim(`/Users?${q}`)).json()).map((u) => u.userName);
    expect(await query(`filter=${encodeURIComponent(`${HR}:badgeNumber gt 15`)}&sortBy=${HR}:badgeNumber`)).toEqual([
      'c3',
      'c1',
    ]);
    expect(await query(`filter=${encodeURIComponent(`${HR}:costCenter eq "Sales"`)}`)).toEqual(['c1', 'c3']);
    expect(await query(`sortBy=${encodeURIComponent(`${HR}:badgeNumber`)}&sortOrder=descending`)).toEqual([
      'c1',
      'c3',
      'c2',
    ]);
  });

  it('refuses a value another user of the endpoint holds, when declared unique (ignoring case unless caseExact)', async () => {
    const { app, create, bench } = await hrBench();
    expect((await create('u1', { employeeId: 'E-100' })).status).toBe(201);
    const taken = await create('u2', { employeeId: 'e-100' });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ scimType: 'uniqueness' });
    const u2 = (await (await create('u2', { employeeId: 'E-200' })).json()) as { id: string };
    const patched = await app.scim(`/Users/${u2.id}`, {
      method: 'PATCH',
      json: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: `${HR}:employeeId`, value: 'E-100' }],
      },
    });
    expect(patched.status).toBe(409);
    // Another endpoint with the same schema is another app: the same value is free there.
    const other = await bench.endpoint('hr-app-2', { schema: HR_SCHEMA });
    const elsewhere = await other.scim('/Users', {
      method: 'POST',
      json: { schemas: [USER, HR], userName: 'u1', [HR]: { employeeId: 'E-100' } },
    });
    expect(elsewhere.status).toBe(201);
  });

  it('types what was sent before it was declared', async () => {
    const bench = await startBench();
    const app = await bench.endpoint('late-app');
    const sent = await app.scim('/Users', {
      method: 'POST',
      json: { schemas: [USER, HR], userName: 'early', [HR]: { badgeNumber: '7', costCenter: 'Ops' } },
    });
    expect(sent.status).toBe(201);
    const id = ((await sent.json()) as { id: string }).id;
    await dispatch(bench.engine.handlers, 'endpoints:update', { id: app.info.id, schema: HR_SCHEMA });
    const read = (await (await app.scim(`/Users/${id}`)).json()) as Record<string, Record<string, unknown>>;
    expect(read[HR]).toMatchObject({ badgeNumber: 7, costCenter: 'Ops' });
    const found = list(await (await app.scim(`/Users?filter=${encodeURIComponent(`${HR}:badgeNumber eq 7`)}`)).json());
    expect(found.map((u) => u.userName)).toEqual(['early']);
  });

  it('refuses a schema that redefines a built-in one, with the reason', async () => {
    const bench = await startBench();
    const enterprise = {
      extensions: [
        {
          id: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
          name: 'Mine',
          attributes: [{ name: 'x', type: 'string' }],
        },
      ],
    } as unknown as EndpointSchema;
    await expect(
      dispatch(bench.engine.handlers, 'endpoints:create', { name: 'bad', schema: enterprise }),
    ).rejects.toThrow(/built-in schema/);
  });
});
