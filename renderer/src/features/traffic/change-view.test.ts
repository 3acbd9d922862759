import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '../../../../shared/types';
import { changeMessage, changeView, splitUrn } from './change-view';

const entry = (over: Partial<TrafficEntry>): TrafficEntry => ({
  id: 1,
  time: '2026-12-01T21:42:00.000Z',
  client: 'entra',
  method: 'PATCH',
  path: '/scim/v2/Users/u1',
  status: 200,
  authenticated: true,
  endpoint: 'default',
  fault: null,
  reaction: null,
  deviations: 0,
  durationMs: 1,
  operation: 'update-user',
  resourceType: 'User',
  resourceId: 'u1',
  sentence: '',
  query: '',
  requestHeaders: {},
  requestBody: null,
  responseHeaders: {},
  responseBody: null,
  notes: [],
  before: null,
  after: null,
  members: null,
  replayOf: null,
  consoleRead: false,
  ...over,
});

describe('changeView', () => {
  it('says a failed request changed nothing, even where an older entry kept the resource it read', () => {
    const view = changeView(
      entry({
        status: 400,
        before: { userName: 'alice', active: true, title: 'Engineer' },
        after: null,
        responseBody: JSON.stringify({ detail: 'Operations[0]: unknown op "Frobnicate"' }),
      }),
    );
    expect(view).toEqual({ kind: 'failed', status: 400, detail: 'Operations[0]: unknown op "Frobnicate"' });
    expect(changeMessage(view)).toBe(
      'Nothing was changed: the bench answered 400 and applied none of this request. Operations[0]: unknown op "Frobnicate"',
    );
  });

  it('tells a read, a write that set what was set, and a change apart', () => {
    expect(changeView(entry({ method: 'GET', operation: 'lookup-users' })).kind).toBe('read');
    expect(changeView(entry({ method: 'POST', operation: 'search-users' })).kind).toBe('read');
    expect(changeView(entry({})).kind).toBe('unchanged');
    expect(changeView(entry({ operation: 'add-members', members: { added: 0, removed: 0 } })).kind).toBe('unchanged');
    const updated = changeView(entry({ before: { title: 'A' }, after: { title: 'B' } }));
    expect(updated).toEqual({
      kind: 'changed',
      action: 'updated',
      rows: [{ path: 'title', before: 'A', after: 'B' }],
      members: null,
    });
    expect(changeMessage(updated)).toBeNull();
    expect(changeView(entry({ operation: 'create-user', after: { userName: 'u' } }))).toMatchObject({
      action: 'created',
    });
    expect(changeView(entry({ operation: 'delete-user', before: { userName: 'u' } }))).toMatchObject({
      action: 'deleted',
    });
    const members = { added: 2, removed: 0, addedMembers: [{ id: 'a', name: 'alice' }] };
    expect(changeView(entry({ operation: 'add-members', members }))).toMatchObject({ rows: [], members });
  });
});

describe('splitUrn', () => {
  it('splits where the schema URN ends, so the attribute reads on its own', () => {
    expect(splitUrn('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager.value')).toEqual({
      urn: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      rest: '.manager.value',
    });
    expect(splitUrn('name.givenName')).toEqual({ urn: '', rest: 'name.givenName' });
  });
});
