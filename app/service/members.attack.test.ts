/**
 * Group membership PATCHes as a hostile (or merely enormous) client sends them: thousands of
 * one-member operations, and more member ids than any directory sync needs. Real HTTP on loopback,
 * a real SQLite store; the times are printed for the report, bounded only generously here.
 */
import { describe, expect, it } from 'vitest';
import { startBench } from '../test/bench-harness';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
/** The cap on member ids a request names (members.ts MAX_MEMBER_IDS). */
const MAX_MEMBER_IDS = 100_000; // a literal, so this test also runs on the code before the cap
const patch = (Operations: unknown[]) => ({ schemas: [PATCH], Operations });

async function benchWithUsers(n: number) {
  const bench = await startBench();
  // Rows straight into the store: 10,000 HTTP creates would take minutes and test nothing more.
  const ids = bench.engine.store.transaction(() =>
    Array.from({ length: n }, (_, i) => bench.engine.store.create('User', { schemas: [USER], userName: `m${i}` }).id),
  );
  const group = (await (
    await bench.scim('/Groups', { method: 'POST', json: { schemas: [GROUP], displayName: 'big' } })
  ).json()) as { id: string };
  return { ...bench, ids, group: group.id };
}

const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const result = await work();
  return { result, ms: Math.round(performance.now() - started) };
};

describe('a group PATCH of thousands of member operations', () => {
  it('10,000 one-member adds, then 10,000 filtered removes, each apply once and say what they did', async () => {
    const { scim, ids, group, engine } = await benchWithUsers(10_000);
    const add = await timed(() =>
      scim(`/Groups/${group}`, {
        method: 'PATCH',
        json: patch(ids.map((id) => ({ op: 'add', path: 'members', value: [{ value: id }] }))),
      }),
    );
    expect(add.result.status).toBe(204);
    expect(engine.store.members(group)).toHaveLength(10_000);
    const remove = await timed(() =>
      scim(`/Groups/${group}`, {
        method: 'PATCH',
        json: patch(ids.map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` }))),
      }),
    );
    expect(remove.result.status).toBe(204);
    expect(engine.store.members(group)).toHaveLength(0);
    console.log(`10,000 one-member adds: ${add.ms} ms; 10,000 filtered removes: ${remove.ms} ms`);
    expect(add.ms + remove.ms).toBeLessThan(30_000); // generous; the figures are in the report
  }, 120_000);

  it('an add and a remove of the same member in one PATCH nets out, and an unknown member refuses the whole PATCH', async () => {
    const { scim, ids, group, engine } = await benchWithUsers(3);
    const netted = await scim(`/Groups/${group}`, {
      method: 'PATCH',
      json: patch([
        { op: 'add', path: 'members', value: [{ value: ids[0] }, { value: ids[1] }] },
        { op: 'remove', path: `members[value eq "${ids[0]}"]` },
      ]),
    });
    expect(netted.status).toBe(204);
    expect(engine.store.members(group).map((m) => m.value)).toEqual([ids[1]]);
    const refused = await scim(`/Groups/${group}`, {
      method: 'PATCH',
      json: patch([
        { op: 'add', path: 'members', value: [{ value: ids[2] }] },
        { op: 'add', path: 'members', value: [{ value: 'no-such-user' }] },
      ]),
    });
    expect(refused.status).toBe(400);
    expect(engine.store.members(group).map((m) => m.value)).toEqual([ids[1]]);
  });

  it(`more than ${MAX_MEMBER_IDS.toLocaleString('en')} member ids in one request are refused as tooMany, before the store is asked`, async () => {
    const { scim, group } = await benchWithUsers(1);
    const value = Array.from({ length: MAX_MEMBER_IDS + 1 }, (_, i) => ({ value: `u${i}` }));
    const response = await scim(`/Groups/${group}`, {
      method: 'PATCH',
      json: patch([{ op: 'add', path: 'members', value }]),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      scimType: 'tooMany',
    });
  }, 60_000);
});
