/**
 * What an entry keeps of a change, over a real bench: a request that changed nothing keeps no
 * before/after (a refused PATCH once read as "every attribute deleted"), and member changes name
 * their members, bounded.
 */
import { describe, expect, it } from 'vitest';
import { startBench } from '../test/bench-harness';
import { NAMED_MEMBERS } from '../service/members';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ENTRA = { 'User-Agent': 'Azure Active Directory SCIM Provisioning' };
type Bench = Awaited<ReturnType<typeof startBench>>;

async function created(bench: Bench, endpoint: string, body: unknown): Promise<string> {
  const response = await bench.scim(endpoint, { method: 'POST', json: body });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The full entry of the newest request matching `match`, once recorded. */
async function newest(bench: Bench, count: number, match: (e: { method: string; status: number }) => boolean) {
  const summary = (await bench.traffic(count)).find(match)!;
  return (await bench.engine.handlers['traffic:get']({ id: summary.id }))!;
}

describe('a request that changed nothing', () => {
  it('keeps no before and after when it failed: a PATCH refused with 400, a PUT refused with 400, a DELETE of nothing', async () => {
    const bench = await startBench();
    const id = await created(bench, '/Users', { userName: 'alice@contoso.com', title: 'Engineer', active: true });
    const refused = await bench.scim(`/Users/${id}`, {
      method: 'PATCH',
      headers: ENTRA,
      json: { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'title', value: 'x' }, { op: 'Frobnicate' }] },
    });
    expect(refused.status).toBe(400);
    const patch = await newest(bench, 2, (e) => e.method === 'PATCH');
    expect(patch).toMatchObject({ status: 400, before: null, after: null, members: null });
    expect(patch.sentence).toMatch(/^Entra tried to update user alice@contoso\.com, which failed with 400/);

    const group = await created(bench, '/Groups', { displayName: 'Eng' });
    const put = await bench.scim(`/Groups/${group}`, {
      method: 'PUT',
      json: { displayName: 'Renamed', members: [{ value: 'ghost' }] },
    });
    expect(put.status).toBe(400); // refused after the group was read, inside the transaction
    expect(await newest(bench, 4, (e) => e.method === 'PUT')).toMatchObject({ before: null, after: null });
    expect((await bench.scim('/Users/no-such-user', { method: 'DELETE' })).status).toBe(404);
    expect(await newest(bench, 5, (e) => e.method === 'DELETE')).toMatchObject({ before: null, after: null });
    // And nothing is other than it was.
    expect(await (await bench.scim(`/Users/${id}`)).json()).toMatchObject({ title: 'Engineer', active: true });
    expect(await (await bench.scim(`/Groups/${group}`)).json()).toMatchObject({ displayName: 'Eng' });
  });

  it('keeps no before and after when it set what was already set, and says "no change"', async () => {
    const bench = await startBench();
    const id = await created(bench, '/Users', { userName: 'bob@contoso.com', active: true });
    const same = await bench.scim(`/Users/${id}`, {
      method: 'PATCH',
      headers: ENTRA,
      json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: true }] },
    });
    expect(same.status).toBe(200);
    const entry = await newest(bench, 2, (e) => e.method === 'PATCH');
    expect(entry).toMatchObject({ status: 200, before: null, after: null });
    expect(entry.sentence).toBe('Entra updated user bob@contoso.com (no change)');
    // A real change still keeps both sides.
    await bench.scim(`/Users/${id}`, {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] },
    });
    const disabled = await newest(bench, 3, (e) => e.method === 'PATCH');
    expect(disabled.before).toMatchObject({ active: true });
    expect(disabled.after).toMatchObject({ active: false });
  });
});

describe('member changes', () => {
  it(`name the members (the first ${NAMED_MEMBERS} of each side), count them all, and net out a PUT that restates them`, async () => {
    const bench = await startBench();
    const users: string[] = [];
    for (let batch = 0; batch < 6; batch++)
      users.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            created(bench, '/Users', { userName: `member${batch * 20 + i}@contoso.com` }),
          ),
        )),
      );
    const group = await created(bench, '/Groups', { displayName: 'Engineering', members: [{ value: users[0] }] });
    const create = await newest(bench, 121, (e) => e.method === 'POST' && e.status === 201);
    expect(create.members).toEqual({
      added: 1,
      removed: 0,
      addedMembers: [{ id: users[0], name: 'member0@contoso.com' }],
      removedMembers: [],
    });
    expect(create.after).not.toHaveProperty('members'); // by name, never the whole list

    const add = await bench.scim(`/Groups/${group}`, {
      method: 'PATCH',
      headers: ENTRA,
      json: {
        schemas: [PATCH],
        Operations: [
          { op: 'Add', path: 'members', value: users.map((value) => ({ value })) },
          { op: 'Remove', path: `members[value eq "${users[0]}"]` },
        ],
      },
    });
    expect(add.status).toBe(204);
    const added = await newest(bench, 122, (e) => e.method === 'PATCH');
    expect(added.members!.added).toBe(119);
    expect(added.members!.removed).toBe(1);
    expect(added.members!.addedMembers).toHaveLength(NAMED_MEMBERS);
    expect(added.members!.addedMembers![0]).toEqual({ id: users[1], name: 'member1@contoso.com' });
    expect(added.members!.removedMembers).toEqual([{ id: users[0], name: 'member0@contoso.com' }]);
    expect(added.before).toBeNull(); // only the members changed: the attributes did not
    expect(added.sentence).toMatch(/^Entra changed the members of group Engineering \(\+119, −1\)/);
    // Bounded whatever the change: the names kept are at most NAMED_MEMBERS per side.
    expect(JSON.stringify(added.members).length).toBeLessThan(NAMED_MEMBERS * 2 * 120);

    const restated = await bench.scim(`/Groups/${group}`, {
      method: 'PUT',
      json: { displayName: 'Engineering', members: users.slice(1).map((value) => ({ value })) },
    });
    expect(restated.status).toBe(200);
    const put = await newest(bench, 123, (e) => e.method === 'PUT');
    expect(put).toMatchObject({ members: null, before: null, after: null });
    expect(put.sentence).toBe('A client replaced group Engineering (no change)');
  });
});
