import { useState, type FormEvent } from 'react';
import type { FaultAction, FaultRule, FaultTrigger } from '../../../../shared/faults';
import { OPERATIONS } from '../../../../shared/operations';
import { ruleOf, type RuleDraft } from './rule-draft';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const CLIENTS = [
  ['entra', 'Entra'],
  ['okta', 'Okta'],
  ['curl', 'curl'],
  ['other', 'Other'],
] as const;
const ACTIONS: Array<[FaultAction['kind'], string]> = [
  ['throttle', '429 with Retry-After'],
  ['error', 'Server error (5xx)'],
  ['latency', 'Answer late'],
  ['hang', 'Never answer (hold the connection)'],
  ['reset', 'Reset the connection'],
  ['attribute-error', 'Refuse one attribute'],
  ['applied-but-error', 'Apply, then answer an error'],
  ['malformed', 'Damage the answer'],
];
const TRIGGERS: Array<[FaultTrigger['kind'], string]> = [
  ['always', 'Always'],
  ['probability', 'With a probability (seeded)'],
  ['every', 'Every Nth request'],
  ['first', 'The first N requests'],
  ['window', 'Within a time window'],
  ['schedule', 'On a schedule'],
];
/** Operations a client asks for (not the bench's own refusals). */
const CHOSEN_OPERATIONS = Object.entries(OPERATIONS).filter(
  ([, words]) => words.infinitive !== null && words.past !== null,
);

/** Add or edit one rule; it is checked by the engine's own schema before it is handed over. */
export function RuleForm({
  initial,
  onSave,
  onCancel,
  saving,
}: {
  initial: RuleDraft;
  onSave: (rule: FaultRule) => void;
  onCancel: () => void;
  saving: boolean;
}) {
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<string[]>([]);
  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const field = (name: string) => ({
    value: draft.fields[name] ?? '',
    onChange: (e: { target: { value: string } }) => set({ fields: { ...draft.fields, [name]: e.target.value } }),
  });
  const toggle = (list: string[], value: string) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = ruleOf(draft);
    setProblems(result.problems);
    if (result.rule) onSave(result.rule);
  };
  return (
    <form className="rule-form" onSubmit={submit} aria-label="Fault rule">
      <label>
        Name
        <input value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="Throttle creates" />
      </label>
      <fieldset>
        <legend>Which requests (all that are given must match)</legend>
        <div className="checks" role="group" aria-label="Methods">
          {METHODS.map((m) => (
            <label key={m}>
              <input
                type="checkbox"
                checked={draft.methods.includes(m)}
                onChange={() => set({ methods: toggle(draft.methods, m) })}
              />{' '}
              {m}
            </label>
          ))}
        </div>
        <label>
          Resource type
          <select
            value={draft.resourceType}
            onChange={(e) => set({ resourceType: e.target.value as RuleDraft['resourceType'] })}
          >
            <option value="">Any</option>
            <option value="User">Users</option>
            <option value="Group">Groups</option>
          </select>
        </label>
        <label>
          Operations
          <select
            multiple
            size={5}
            value={draft.operations}
            onChange={(e) => set({ operations: [...e.target.selectedOptions].map((o) => o.value) })}
          >
            {CHOSEN_OPERATIONS.map(([name, words]) => (
              <option key={name} value={name}>
                {words.infinitive}
              </option>
            ))}
          </select>
        </label>
        <label>
          Path <input value={draft.path} onChange={(e) => set({ path: e.target.value })} placeholder="/Users/*" />
        </label>
        <label>
          Attribute sent{' '}
          <input
            value={draft.attribute}
            onChange={(e) => set({ attribute: e.target.value })}
            placeholder="department"
          />
        </label>
        <div className="checks" role="group" aria-label="Clients">
          {CLIENTS.map(([value, label]) => (
            <label key={value}>
              <input
                type="checkbox"
                checked={draft.clients.includes(value)}
                onChange={() => set({ clients: toggle(draft.clients, value) })}
              />{' '}
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>What they get</legend>
        <label>
          Action
          <select value={draft.action} onChange={(e) => set({ action: e.target.value as FaultAction['kind'] })}>
            {ACTIONS.map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {draft.action === 'latency' && (
          <>
            <label>
              Delay (ms) <input inputMode="numeric" {...field('ms')} />
            </label>
            <label>
              Jitter up to (ms) <input inputMode="numeric" {...field('jitterMs')} />
            </label>
          </>
        )}
        {draft.action === 'throttle' && (
          <label>
            Retry-After (seconds) <input inputMode="numeric" {...field('retryAfterSeconds')} />
          </label>
        )}
        {draft.action === 'error' && (
          <label>
            Status
            <select {...field('status')}>
              {['500', '502', '503', '504'].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        )}
        {draft.action === 'hang' && (
          <label>
            Close after (ms) <input inputMode="numeric" {...field('maxMs')} />
          </label>
        )}
        {draft.action === 'attribute-error' && (
          <>
            <label>
              Refused attribute <input {...field('attrName')} />
            </label>
            <label>
              Status
              <select {...field('attrStatus')}>
                <option>400</option>
                <option>409</option>
              </select>
            </label>
            <label>
              scimType
              <select {...field('scimType')}>
                {['invalidValue', 'uniqueness', 'mutability', 'invalidSyntax', 'invalidPath'].map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
          </>
        )}
        {draft.action === 'applied-but-error' && (
          <label>
            Status
            <select {...field('appliedStatus')}>
              {['500', '502', '503', '504'].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        )}
        {draft.action === 'malformed' && (
          <label>
            Damage
            <select {...field('shape')}>
              <option value="truncated">Cut the JSON in half</option>
              <option value="not-json">An HTML page instead</option>
            </select>
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>When</legend>
        <label>
          Trigger
          <select value={draft.when} onChange={(e) => set({ when: e.target.value as FaultTrigger['kind'] })}>
            {TRIGGERS.map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {draft.when === 'probability' && (
          <>
            <label>
              Probability (0–1) <input inputMode="decimal" {...field('p')} />
            </label>
            <label>
              Seed (the same seed repeats the run) <input {...field('seed')} />
            </label>
          </>
        )}
        {(draft.when === 'every' || draft.when === 'first') && (
          <label>
            N <input inputMode="numeric" {...field('n')} />
          </label>
        )}
        {draft.when === 'window' && (
          <>
            <label>
              From <input type="datetime-local" {...field('from')} />
            </label>
            <label>
              To <input type="datetime-local" {...field('to')} />
            </label>
          </>
        )}
        {draft.when === 'schedule' && (
          <>
            <label>
              On for (seconds) <input inputMode="numeric" {...field('onSeconds')} />
            </label>
            <label>
              Every (seconds) <input inputMode="numeric" {...field('everySeconds')} />
            </label>
          </>
        )}
      </fieldset>
      {problems.length > 0 && (
        <ul className="failed" role="alert" aria-label="Problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="submit" disabled={saving}>
          Save the rule
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
