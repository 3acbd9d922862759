/** "Show this user's traffic" (Directory): the traffic filter for one resource, over a real bench. */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../commands';
import { startBench } from '../test/bench-harness';

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('the resourceId traffic filter', () => {
  it('lists exactly the requests that created, found, read, changed or deleted that resource, and counts them', async () => {
    const { engine, scim, traffic } = await startBench();
    const create = async (userName: string) =>
      ((await (await scim('/Users', { method: 'POST', json: { userName } })).json()) as { id: string }).id;
    const alice = await create('alice@contoso.com');
    const bob = await create('bob@contoso.com');
    await scim(`/Users?filter=${encodeURIComponent('userName eq "alice@contoso.com"')}`); // found: hers
    await scim(`/Users?filter=${encodeURIComponent('userName eq "nobody@contoso.com"')}`); // found none
    await scim(`/Users/${bob}`);
    await scim(`/Users/${alice}`, {
      method: 'PATCH',
      json: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] },
    });
    await scim(`/Users/${alice}`, { method: 'DELETE' });
    await traffic(7);
    const page = await dispatch(engine.handlers, 'traffic:list', { resourceId: alice });
    expect((page as { entries: { operation: string }[] }).entries.map((e) => e.operation)).toEqual([
      'delete-user',
      'disable-user',
      'lookup-users',
      'create-user',
    ]);
    expect(await dispatch(engine.handlers, 'traffic:stats', { resourceId: alice })).toMatchObject({ total: 4 });
    await expect(dispatch(engine.handlers, 'traffic:list', { resourceId: '' })).rejects.toMatchObject({ status: 400 });
  });
});
