/**
 * The rule form's values ↔ a fault rule. The form holds text (what inputs hold); the rule is what
 * the engine takes, checked by the same zod schema the engine uses, with its problems in words.
 */
import { faultRuleSchema, type FaultAction, type FaultRule, type FaultTrigger } from '../../../../shared/faults';

export interface RuleDraft {
  id: string;
  name: string;
  enabled: boolean;
  methods: string[];
  resourceType: '' | 'User' | 'Group';
  operations: string[];
  path: string;
  attribute: string;
  clients: string[];
  action: FaultAction['kind'];
  /** Every action's and trigger's fields as text; only the chosen kind's are read. */
  fields: Record<string, string>;
  when: FaultTrigger['kind'];
}

const DEFAULT_FIELDS: Record<string, string> = {
  ms: '2000',
  jitterMs: '0',
  retryAfterSeconds: '30',
  status: '503',
  maxMs: '120000',
  attrName: 'department',
  attrStatus: '400',
  scimType: 'invalidValue',
  appliedStatus: '500',
  shape: 'truncated',
  p: '0.2',
  seed: 'run-1',
  n: '3',
  from: '',
  to: '',
  onSeconds: '120',
  everySeconds: '600',
};

/** A short id, unique among `taken`. */
export function newRuleId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const stem = base.replace(/[^\w-]/g, '-').slice(0, 30) || 'rule';
  if (!used.has(stem)) return stem;
  for (let i = 2; ; i++) if (!used.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

export function emptyDraft(taken: Iterable<string>): RuleDraft {
  return {
    id: newRuleId('rule', taken),
    name: '',
    enabled: true,
    methods: [],
    resourceType: '',
    operations: [],
    path: '',
    attribute: '',
    clients: [],
    action: 'throttle',
    fields: { ...DEFAULT_FIELDS },
    when: 'always',
  };
}

export function draftOf(rule: FaultRule): RuleDraft {
  const a = rule.action as Record<string, unknown>;
  const w = rule.when as Record<string, unknown>;
  const fields = { ...DEFAULT_FIELDS };
  for (const [key, value] of Object.entries({ ...a, ...w })) if (key !== 'kind') fields[key] = String(value);
  if (rule.action.kind === 'attribute-error') {
    fields.attrName = rule.action.attribute;
    fields.attrStatus = String(rule.action.status);
  }
  if (rule.action.kind === 'applied-but-error') fields.appliedStatus = String(rule.action.status);
  if (rule.when.kind === 'window') {
    fields.from = localInput(rule.when.from);
    fields.to = localInput(rule.when.to);
  }
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    methods: rule.match.methods ?? [],
    resourceType: rule.match.resourceType ?? '',
    operations: rule.match.operations ?? [],
    path: rule.match.path ?? '',
    attribute: rule.match.attribute ?? '',
    clients: rule.match.clients ?? [],
    action: rule.action.kind,
    fields,
    when: rule.when.kind,
  };
}

/** An ISO time as a datetime-local input holds it (local time, to the minute). */
function localInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const num = (text: string | undefined) => (text === undefined || text.trim() === '' ? NaN : Number(text));

function actionOf(d: RuleDraft): Record<string, unknown> {
  const f = d.fields;
  switch (d.action) {
    case 'latency':
      return { kind: 'latency', ms: num(f.ms), jitterMs: num(f.jitterMs || '0') };
    case 'throttle':
      return { kind: 'throttle', retryAfterSeconds: num(f.retryAfterSeconds) };
    case 'error':
      return { kind: 'error', status: num(f.status) };
    case 'hang':
      return { kind: 'hang', maxMs: num(f.maxMs) };
    case 'reset':
      return { kind: 'reset' };
    case 'attribute-error':
      return {
        kind: 'attribute-error',
        attribute: f.attrName?.trim(),
        status: num(f.attrStatus),
        scimType: f.scimType,
      };
    case 'applied-but-error':
      return { kind: 'applied-but-error', status: num(f.appliedStatus) };
    case 'malformed':
      return { kind: 'malformed', shape: f.shape };
  }
}

function triggerOf(d: RuleDraft): Record<string, unknown> {
  const f = d.fields;
  switch (d.when) {
    case 'always':
      return { kind: 'always' };
    case 'probability':
      return { kind: 'probability', p: num(f.p), seed: f.seed?.trim() };
    case 'every':
    case 'first':
      return { kind: d.when, n: num(f.n) };
    case 'window': {
      const iso = (text: string | undefined) =>
        text && !Number.isNaN(Date.parse(text)) ? new Date(text).toISOString() : text;
      return { kind: 'window', from: iso(f.from), to: iso(f.to) };
    }
    case 'schedule':
      return { kind: 'schedule', onSeconds: num(f.onSeconds), everySeconds: num(f.everySeconds) };
  }
}

/** The rule, or the problems in words ("Retry-After: expected a number"). */
export function ruleOf(d: RuleDraft): { rule: FaultRule; problems: [] } | { rule: null; problems: string[] } {
  const match = {
    ...(d.methods.length ? { methods: d.methods } : {}),
    ...(d.resourceType ? { resourceType: d.resourceType } : {}),
    ...(d.operations.length ? { operations: d.operations } : {}),
    ...(d.path.trim() ? { path: d.path.trim() } : {}),
    ...(d.attribute.trim() ? { attribute: d.attribute.trim() } : {}),
    ...(d.clients.length ? { clients: d.clients } : {}),
  };
  const parsed = faultRuleSchema.safeParse({
    id: d.id,
    name: d.name.trim(),
    enabled: d.enabled,
    match,
    action: actionOf(d),
    when: triggerOf(d),
  });
  if (parsed.success) return { rule: parsed.data, problems: [] };
  return {
    rule: null,
    problems: parsed.error.issues.map(
      (issue) => `${LABELS[issue.path.join('.')] ?? (issue.path.join(' ') || 'The rule')}: ${issue.message}`,
    ),
  };
}

/** The form's names for the schema's paths. */
const LABELS: Record<string, string> = {
  name: 'Name',
  'match.path': 'Path',
  'match.attribute': 'Attribute',
  'action.ms': 'Delay',
  'action.jitterMs': 'Jitter',
  'action.retryAfterSeconds': 'Retry-After',
  'action.status': 'Status',
  'action.maxMs': 'Hold for at most',
  'action.attribute': 'Refused attribute',
  'action.scimType': 'scimType',
  'when.p': 'Probability',
  'when.seed': 'Seed',
  'when.n': 'N',
  'when.from': 'From',
  'when.to': 'To',
  'when.onSeconds': 'On for',
  'when.everySeconds': 'Every',
  when: 'When',
};
