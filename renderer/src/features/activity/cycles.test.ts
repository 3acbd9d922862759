import { describe, expect, it } from 'vitest';
import type { Operation } from '../../../../shared/operations';
import type { TrafficSummary } from '../../../../shared/types';
import { groupCycles } from './cycles';

const entry = (
  id: number,
  minute: number,
  operation: Operation,
  client: TrafficSummary['client'] = 'entra',
  status = 200,
): TrafficSummary => ({
  id,
  time: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
  client,
  method: 'GET',
  path: '/scim/v2/Users',
  query: '',
  status,
  authenticated: true,
  deviations: 0,
  durationMs: 1,
  operation,
  resourceType: 'User',
  resourceId: null,
  sentence: `${operation} ${id}`,
  consoleRead: false,
});

describe('groupCycles', () => {
  it('splits a client’s traffic where it pauses, newest cycle first, counting reads and errors', () => {
    const cycles = groupCycles([
      entry(1, 0, 'lookup-users'),
      entry(2, 0, 'create-user'),
      entry(3, 1, 'disable-user', 'entra', 400),
      entry(4, 45, 'lookup-users'),
      entry(5, 46, 'delete-user'),
    ]);
    expect(cycles.map((c) => [c.start.slice(11, 16), c.changes.map((e) => e.id), c.reads, c.errors])).toEqual([
      ['10:45', [5], 1, 0],
      ['10:00', [2, 3], 1, 1],
    ]);
  });
  it('keeps clients apart even when they overlap', () => {
    const cycles = groupCycles([
      entry(1, 0, 'create-user', 'entra'),
      entry(2, 0, 'create-user', 'okta'),
      entry(3, 1, 'create-user', 'entra'),
    ]);
    expect(cycles.map((c) => [c.client, c.changes.length]).sort()).toEqual([
      ['entra', 2],
      ['okta', 1],
    ]);
  });
});
