/**
 * Ready fault scenarios (docs/faults.md tells each one's purpose beside what Entra and Okta are
 * documented to do). A preset is only rules: adding one appends them to the endpoint's list, where
 * they can be changed like any other.
 */
import type { FaultRule } from './faults';

export interface FaultPreset {
  id: string;
  title: string;
  /** What it is for, in one sentence. */
  purpose: string;
  rules: FaultRule[];
}

const WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

export const FAULT_PRESETS: readonly FaultPreset[] = [
  {
    id: 'busy-app',
    title: 'Throttle like a busy app',
    purpose: 'Answers 20 % of writes with 429 and Retry-After: 30, to see whether the client waits as told.',
    rules: [
      {
        id: 'busy-app-throttle',
        name: 'Throttle 20 % of writes',
        enabled: true,
        match: { methods: [...WRITES] },
        action: { kind: 'throttle', retryAfterSeconds: 30 },
        when: { kind: 'probability', p: 0.2, seed: 'busy-app' },
      },
    ],
  },
  {
    id: 'flaky-network',
    title: 'Flaky network',
    purpose:
      'Resets one request in 10 and holds one in 20 open without an answer, to see retries after network errors and timeouts.',
    rules: [
      {
        id: 'flaky-reset',
        name: 'Reset 10 % of requests',
        enabled: true,
        match: {},
        action: { kind: 'reset' },
        when: { kind: 'probability', p: 0.1, seed: 'flaky-network' },
      },
      {
        id: 'flaky-hang',
        name: 'Hold 5 % of requests open',
        enabled: true,
        match: {},
        action: { kind: 'hang', maxMs: 120_000 },
        when: { kind: 'probability', p: 0.05, seed: 'flaky-network-hang' },
      },
    ],
  },
  {
    id: 'reject-attribute',
    title: 'The app rejects one attribute',
    purpose:
      'Answers 400 invalidValue to every create or update that sets department, as an app with a stricter schema would.',
    rules: [
      {
        id: 'reject-department',
        name: 'Reject department',
        enabled: true,
        match: { methods: ['POST', 'PUT', 'PATCH'], attribute: 'department' },
        action: { kind: 'attribute-error', attribute: 'department', status: 400, scimType: 'invalidValue' },
        when: { kind: 'always' },
      },
    ],
  },
  {
    id: 'outage',
    title: 'Outage',
    purpose:
      'Answers every request 503 for 2 minutes in every 10, to see how the client backs off and whether it quarantines the app.',
    rules: [
      {
        id: 'outage-503',
        name: '503 for 2 minutes every 10',
        enabled: true,
        match: {},
        action: { kind: 'error', status: 503 },
        when: { kind: 'schedule', onSeconds: 120, everySeconds: 600 },
      },
    ],
  },
  {
    id: 'worked-but-failed',
    title: 'It worked but said it failed',
    purpose:
      'Creates the user but answers 500 for one create in 3, to see whether the client retries into a 409 and how it recovers.',
    rules: [
      {
        id: 'applied-500',
        name: 'Create, then answer 500',
        enabled: true,
        match: { operations: ['create-user'] },
        action: { kind: 'applied-but-error', status: 500 },
        when: { kind: 'every', n: 3 },
      },
    ],
  },
  {
    id: 'slow-app',
    title: 'Slow app',
    purpose: 'Answers every request 2 to 5 seconds late, to see the client slow down or time out.',
    rules: [
      {
        id: 'slow-latency',
        name: '2–5 s late',
        enabled: true,
        match: {},
        action: { kind: 'latency', ms: 2000, jitterMs: 3000 },
        when: { kind: 'always' },
      },
    ],
  },
];

export const FAULT_PRESET_IDS = FAULT_PRESETS.map((preset) => preset.id) as [string, ...string[]];

/** A preset's rules by its id (the endpoints file's `{ "preset": "busy-app" }`). */
export const presetRules = (id: string): FaultRule[] => FAULT_PRESETS.find((preset) => preset.id === id)?.rules ?? [];
