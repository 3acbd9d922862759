/**
 * One endpoint's fault rules in action: tried in order, the first that matches a request and fires
 * decides what happens to it. Counters are per rule and start again when the rules change, so
 * "the first 3" means the first 3 since the rule was saved. Deciding is cheap when no rule matches:
 * no draw, no allocation beyond the subject (the benchmark holds it within 5 % of no injection).
 */
import type { FaultAction, FaultMark, FaultRule } from '../../shared/faults';
import { describeAction } from '../../shared/fault-words';
import { draw } from './draw';
import { matches, type FaultSubject } from './match';
import { fires } from './trigger';

export interface FaultDecision {
  rule: FaultRule;
  action: FaultAction;
  /** For latency: the delay chosen (jitter drawn). */
  delayMs: number;
  mark: FaultMark;
}

/** Only these actions let the change happen; the others answer before anything is kept. */
export const APPLIES_CHANGE: ReadonlySet<FaultAction['kind']> = new Set(['latency', 'applied-but-error', 'malformed']);

export class FaultInjector {
  private rules: FaultRule[] = [];
  private readonly matched = new Map<string, number>();
  private armedAt = 0;

  constructor(
    rules: readonly FaultRule[] = [],
    /** The global switch (console and tray): while it answers true, nothing is faulted. */
    private readonly paused: () => boolean = () => false,
    private readonly clock: () => number = Date.now,
  ) {
    this.setRules(rules);
  }

  /** Replaces the rules; every rule's count and schedule start again. */
  setRules(rules: readonly FaultRule[]): void {
    this.rules = rules.filter((rule) => rule.enabled);
    this.matched.clear();
    this.armedAt = this.clock();
  }

  get active(): boolean {
    return this.rules.length > 0 && !this.paused();
  }

  /**
   * Whether any rule could fault this request, judged before the service has read it (so without
   * its operation): only then is it worth a transaction that a fault can roll back.
   */
  mayFault(subject: Omit<FaultSubject, 'operation'>): boolean {
    if (!this.active) return false;
    return this.rules.some((rule) => matches(rule.match, subject, rule.action));
  }

  /**
   * `serviceStatus` is what the service answered: a change it refused (4xx) was never applied, so a
   * fault that "applies the change" applies nothing there, and its mark must not say it did.
   */
  decide(subject: FaultSubject, serviceStatus = 200): FaultDecision | null {
    if (!this.active) return null;
    const now = this.clock();
    for (const rule of this.rules) {
      if (!matches(rule.match, subject, rule.action)) continue;
      const matched = (this.matched.get(rule.id) ?? 0) + 1;
      this.matched.set(rule.id, matched);
      if (!fires(rule.when, { matched, now, armedAt: this.armedAt, ruleId: rule.id })) continue;
      const action = rule.action;
      const delayMs =
        action.kind === 'latency'
          ? action.ms + Math.floor(draw('jitter', rule.id, matched) * (action.jitterMs + 1))
          : 0;
      const refused = serviceStatus >= 400 ? serviceStatus : undefined;
      return {
        rule,
        action,
        delayMs,
        mark: {
          ruleId: rule.id,
          ruleName: rule.name,
          action: action.kind,
          did: describeAction(action, delayMs, refused),
          applied: APPLIES_CHANGE.has(action.kind) && refused === undefined,
          ...(action.kind === 'throttle' ? { retryAfterSeconds: action.retryAfterSeconds } : {}),
        },
      };
    }
    return null;
  }
}
