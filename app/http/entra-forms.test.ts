/**
 * Requests from Microsoft's own documentation that once answered 200 and stored nothing (issue
 * 12), over real HTTP: each now does what it says, with its dialect note — or, in strict mode, a
 * 400 that names the deviation.
 */
import { describe, expect, it } from 'vitest';
import { startBench } from '../test/bench-harness';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
type User = Record<string, unknown> & { id: string };

async function bench(strict = false) {
  const started = await startBench({ strict });
  let sent = 0; // requests made, so notes() waits until each is recorded
  const b = { ...started, scim: (...args: Parameters<typeof started.scim>) => (sent++, started.scim(...args)) };
  const create = async (userName: string, extra: Record<string, unknown> = {}) =>
    (await (await b.scim('/Users', { method: 'POST', json: { userName, ...extra } })).json()) as User;
  const patch = (id: string, ...Operations: unknown[]) =>
    b.scim(`/Users/${id}`, { method: 'PATCH', json: { schemas: [PATCH], Operations } });
  const get = async (id: string) => (await (await b.scim(`/Users/${id}`)).json()) as User;
  /** The notes of the newest request other than a plain read. */
  const notes = async () => {
    const entries = await b.traffic(sent);
    const last = entries.find((e) => e.method !== 'GET' || e.operation.startsWith('lookup'))!;
    return (await b.engine.handlers['traffic:get']({ id: last.id }))!.notes.map((n) => n.code);
  };
  return { ...b, create, patch, get, notes };
}

describe("Entra's manager forms", () => {
  it('a bare "manager" path sets the enterprise manager — as [{$ref, value}], a plain id, or {value}', async () => {
    const { create, patch, get, notes, url } = await bench();
    const boss = await create('boss');
    const forms = [[{ $ref: `${url}/Users/${boss.id}`, value: boss.id }], boss.id, { value: boss.id }];
    for (const value of forms) {
      const user = await create(`report-${JSON.stringify(value).length}`);
      const response = await patch(user.id, { op: 'Add', path: 'manager', value });
      expect(response.status).toBe(200);
      expect((await get(user.id))[ENTERPRISE]).toMatchObject({ manager: { value: boss.id } });
      expect(await notes()).toContain('manager-without-urn');
    }
  });

  it('the legacy dot form urn:…:User.manager sets it too; strict mode refuses both forms', async () => {
    const lenient = await bench();
    const boss = await lenient.create('boss');
    const user = await lenient.create('u');
    expect(
      (await lenient.patch(user.id, { op: 'replace', path: `${ENTERPRISE}.manager`, value: boss.id })).status,
    ).toBe(200);
    expect((await lenient.get(user.id))[ENTERPRISE]).toMatchObject({ manager: { value: boss.id } });
    expect(await lenient.notes()).toContain('legacy-dot-urn');
    expect(Object.keys(await lenient.get(user.id)).filter((k) => k.startsWith('urn:') && k !== ENTERPRISE)).toEqual([]);

    const strict = await bench(true);
    const target = await strict.create('t');
    for (const path of ['manager', `${ENTERPRISE}.manager`]) {
      const response = await strict.patch(target.id, { op: 'replace', path, value: 'x' });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        scimType: 'invalidPath',
        detail: expect.stringMatching(/^This endpoint refuses /),
      });
    }
  });

  it('a path that is exactly the extension URN addresses the whole extension: add/replace merge, remove removes', async () => {
    const { create, patch, get } = await bench();
    const user = await create('whole', { [ENTERPRISE]: { department: 'Sales', costCenter: '1' } });
    await patch(user.id, { op: 'add', path: ENTERPRISE, value: { division: 'EMEA' } });
    await patch(user.id, { op: 'replace', path: ENTERPRISE, value: { department: 'Marketing' } });
    const merged = await get(user.id);
    expect(merged[ENTERPRISE]).toEqual({ department: 'Marketing', costCenter: '1', division: 'EMEA' });
    expect(Object.keys(merged).some((k) => k.endsWith('enterprise:2.0'))).toBe(false); // no phantom schema
    await patch(user.id, { op: 'remove', path: ENTERPRISE });
    const removed = await get(user.id);
    expect(removed[ENTERPRISE]).toBeUndefined();
    expect(removed.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:User']);
  });

  it('the manager check: filter=id eq "<id>" and manager eq "<id2>" (Example 4)', async () => {
    const { create, scim } = await bench();
    const boss = await create('boss');
    const user = await create('report', { [ENTERPRISE]: { manager: { value: boss.id } } });
    const lookup = async (filter: string) =>
      (await (await scim(`/Users?attributes=id&filter=${encodeURIComponent(filter)}`)).json()) as {
        totalResults: number;
        Resources: User[];
      };
    expect(await lookup(`id eq "${user.id}" and manager eq "${boss.id}"`)).toMatchObject({
      totalResults: 1,
      Resources: [{ id: user.id }],
    });
    expect((await lookup(`id eq "${user.id}" and manager eq "someone-else"`)).totalResults).toBe(0);
    const strict = await bench(true);
    expect((await strict.scim(`/Users?filter=${encodeURIComponent('manager eq "x"')}`)).status).toBe(400);
  });

  it("unquoted filter values from Microsoft's samples are read as the attribute's type; strict refuses them", async () => {
    const { create, scim, notes } = await bench();
    await create('jyoung@example.com', { externalId: 'jyoung', name: { familyName: 'Employee' } });
    for (const filter of [
      'externalId eq jyoung',
      'name.familyName eq Employee',
      'meta.created gt 2015-10-10T14:38:21.8617979-07:00',
    ]) {
      const body = (await (await scim(`/Users?filter=${encodeURIComponent(filter)}`)).json()) as {
        totalResults: number;
      };
      expect([filter, body.totalResults]).toEqual([filter, 1]);
      expect(await notes()).toContain('unquoted-filter-value');
    }
    const strict = await bench(true);
    const refused = await strict.scim(`/Users?filter=${encodeURIComponent('externalId eq jyoung')}`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ scimType: 'invalidFilter' });
  });
});

describe('no silent success', () => {
  it('a PATCH of an unknown attribute is 400 invalidPath naming it (with a suggestion), and changes nothing', async () => {
    for (const strict of [false, true]) {
      const { create, patch, get } = await bench(strict);
      const user = await create('typo', { name: { givenName: 'Ann' } });
      const response = await patch(
        user.id,
        { op: 'replace', path: 'displayName', value: 'changed in the same request' },
        { op: 'replace', path: 'nmae.givenName', value: 'Bob' },
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        scimType: 'invalidPath',
        detail: expect.stringMatching(/^nmae\.givenName is not an attribute of User.*did you mean name\.givenName\?/),
      });
      const after = await get(user.id);
      expect(after.name).toEqual({ givenName: 'Ann' });
      expect(after.displayName).toBeUndefined(); // all operations or none
    }
  });

  it('a misspelt extension URN is refused with the one it resembles, not stored as a custom extension', async () => {
    const { create, patch, scim } = await bench();
    const user = await create('ext');
    const typo = 'urn:ietf:params:scim:schemas:extension:enterprse:2.0:User';
    const response = await patch(user.id, { op: 'add', path: `${typo}:department`, value: 'Sales' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain(`did you mean ${ENTERPRISE}?`);
    const posted = await scim('/Users', { method: 'POST', json: { userName: 'p', [typo]: { department: 'x' } } });
    expect(posted.status).toBe(400);
  });
});

describe('the visible marker', () => {
  it('a request where the client strayed from the RFC is counted and can be listed alone; a bench note is not a deviation', async () => {
    const { create, patch, traffic, engine } = await bench();
    const user = await create('marked', { password: 'not-a-deviation-1' });
    await patch(user.id, { op: 'Replace', path: 'active', value: 'False' });
    const entries = await traffic(2);
    const byOp = Object.fromEntries(entries.map((e) => [e.operation, e]));
    expect(byOp['create-user']!.deviations).toBe(0); // password-not-stored is the bench's own note
    expect(byOp['disable-user']!.deviations).toBe(2); // capitalised op, string boolean
    const only = await engine.handlers['traffic:list']({ deviated: true });
    expect(only.entries.map((e) => e.operation)).toEqual(['disable-user']);
  });
});
