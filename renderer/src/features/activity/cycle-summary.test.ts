import { describe, expect, it } from 'vitest';
import type { ActivityCycle } from '../../../../shared/types';
import { changesSentence, failuresSentence, volumeSentence } from './cycle-summary';

const cycle = (patch: Partial<ActivityCycle>): ActivityCycle => ({
  id: 1,
  lastId: 82,
  client: 'entra',
  start: '2026-01-05T09:00:00.000Z',
  end: '2026-01-05T09:00:06.000Z',
  inProgress: false,
  requests: 82,
  changes: {},
  reads: 31,
  failures: {},
  notes: [],
  ...patch,
});

describe('cycle summary', () => {
  it('says what a cycle changed, by kind, in a fixed order', () => {
    const c = cycle({
      changes: { 'update-members': 2, 'delete-user': 1, 'create-user': 30, 'update-user': 8, 'disable-user': 5 },
    });
    expect(changesSentence(c)).toBe(
      'Entra created 30 users, updated 8 users, disabled 5 users, deleted 1 user and changed the members of 2 groups.',
    );
    expect(changesSentence(cycle({ changes: { 'create-user': 1500 } }))).toBe('Entra created 1,500 users.');
    expect(changesSentence(cycle({ client: 'okta' }))).toBe('Okta changed nothing.');
  });

  it('counts failures as failures, which changed nothing', () => {
    expect(failuresSentence(cycle({}))).toBeNull();
    expect(failuresSentence(cycle({ failures: { 'create-user': 1, 'update-user': 2, 'auth-failed': 1 } }))).toBe(
      '4 failed and changed nothing (update user 2, create user 1, without valid credentials 1).',
    );
  });

  it('says how much was only read', () => {
    expect(volumeSentence(cycle({ reads: 1, requests: 1 }))).toBe('1 read · 1 request');
    expect(volumeSentence(cycle({ reads: 1500, requests: 3000 }))).toBe('1,500 reads · 3,000 requests');
  });
});
