/** Whether a rule fires on the request it just matched (shared/faults.ts `FaultTrigger`). */
import type { FaultTrigger } from '../../shared/faults';
import { draw } from './draw';

export interface TriggerState {
  /** How many requests this rule has matched, this one included (1 for the first). */
  matched: number;
  /** Now and when the rule was armed (created, changed or un-paused), in ms since the epoch. */
  now: number;
  armedAt: number;
  /** Keeps draws of different rules apart under one seed. */
  ruleId: string;
}

export function fires(trigger: FaultTrigger, state: TriggerState): boolean {
  switch (trigger.kind) {
    case 'always':
      return true;
    case 'probability':
      return draw(trigger.seed, state.ruleId, state.matched) < trigger.p;
    case 'every':
      return state.matched % trigger.n === 0;
    case 'first':
      return state.matched <= trigger.n;
    case 'window':
      return state.now >= Date.parse(trigger.from) && state.now < Date.parse(trigger.to);
    case 'schedule': {
      const elapsed = Math.max(0, state.now - state.armedAt);
      return elapsed % (trigger.everySeconds * 1000) < trigger.onSeconds * 1000;
    }
  }
}
