import { describe, expect, it } from 'vitest';
import { FAULT_PRESETS } from './fault-presets';
import { actionWords, matchWords, triggerWords } from './fault-words';

describe('fault rules in words', () => {
  it('says what a rule matches', () => {
    expect(matchWords({})).toBe('every request');
    expect(matchWords({ methods: ['POST', 'PUT', 'PATCH'], attribute: 'department' })).toBe(
      'requests POST, PUT or PATCH sending department',
    );
    expect(matchWords({ operations: ['create-user', 'add-members'], clients: ['entra'] })).toBe(
      'requests to create user or add members to group from Entra',
    );
    expect(matchWords({ resourceType: 'Group', path: '/Groups/*' })).toBe('requests on groups at /Groups/*');
  });

  it('says when it fires', () => {
    expect(triggerWords({ kind: 'probability', p: 0.2, seed: 'busy-app' })).toBe('on 20 % of them (seed busy-app)');
    expect(triggerWords({ kind: 'every', n: 3 })).toBe('on every 3rd');
    expect(triggerWords({ kind: 'every', n: 12 })).toBe('on every 12th');
    expect(triggerWords({ kind: 'first', n: 2 })).toBe('on the first 2');
    expect(triggerWords({ kind: 'schedule', onSeconds: 120, everySeconds: 600 })).toBe('for 2 min every 10 min');
  });

  it('says what it does, for every preset', () => {
    expect(actionWords({ kind: 'latency', ms: 2000, jitterMs: 3000 })).toBe('answer 2000–5000 ms late');
    expect(actionWords({ kind: 'attribute-error', attribute: 'userName', status: 409, scimType: 'uniqueness' })).toBe(
      'answer 409 uniqueness on userName, changing nothing',
    );
    for (const preset of FAULT_PRESETS)
      for (const rule of preset.rules) expect(actionWords(rule.action)).toMatch(/^(answer|hold|reset|apply)/);
  });
});
