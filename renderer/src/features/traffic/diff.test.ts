import { describe, expect, it } from 'vitest';
import { diff } from './diff';

describe('diff', () => {
  it('lists changed, added and removed paths, ignoring meta', () => {
    expect(
      diff(
        {
          active: true,
          name: { givenName: 'A' },
          emails: [{ value: 'a@x', primary: true }],
          meta: { version: 'W/"1"' },
        },
        {
          active: false,
          name: { givenName: 'A', familyName: 'B' },
          emails: [{ value: 'b@x', primary: true }],
          meta: { version: 'W/"2"' },
        },
      ),
    ).toEqual([
      { path: 'active', before: true, after: false },
      { path: 'emails[0].value', before: 'a@x', after: 'b@x' },
      { path: 'name.familyName', before: undefined, after: 'B' },
    ]);
  });
  it('treats a create as everything added', () => {
    expect(diff(null, { userName: 'u' })).toEqual([{ path: 'userName', before: undefined, after: 'u' }]);
  });
});
