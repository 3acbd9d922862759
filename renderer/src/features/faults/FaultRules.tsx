import { useState } from 'react';
import { FAULT_PRESETS } from '../../../../shared/fault-presets';
import { actionWords, matchWords, triggerWords } from '../../../../shared/fault-words';
import type { FaultRule } from '../../../../shared/faults';
import type { EndpointInfo } from '../../../../shared/endpoints';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useEndpointMutations } from '../endpoints/use-endpoints';
import { RuleForm } from './RuleForm';
import { draftOf, emptyDraft, newRuleId } from './rule-draft';

/** One endpoint's rules in order: each in words, with its switch, order, edit and delete; presets to add. */
export function FaultRules({ endpoint }: { endpoint: EndpointInfo }) {
  const { update } = useEndpointMutations();
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [preset, setPreset] = useState(FAULT_PRESETS[0]!.id);
  const rules = endpoint.faults;
  const save = (next: FaultRule[], then?: () => void) =>
    update.mutate({ id: endpoint.id, faults: next }, { onSuccess: () => then?.() });
  const move = (i: number, by: number) => {
    const next = [...rules];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    save(next);
  };
  const chosen = FAULT_PRESETS.find((p) => p.id === preset)!;
  const addPreset = () => {
    const taken = rules.map((r) => r.id);
    const added = chosen.rules.map((rule) => {
      const id = newRuleId(rule.id, taken);
      taken.push(id);
      return { ...rule, id };
    });
    save([...rules, ...added]);
  };
  return (
    <section aria-labelledby="fault-rules-title">
      <h3 id="fault-rules-title">Rules of {endpoint.name}</h3>
      <p className="muted">
        Tried in order for every request to this endpoint; the first that matches and fires decides.
      </p>
      {rules.length === 0 ? (
        <p className="empty">No fault rules: this endpoint answers every request normally.</p>
      ) : (
        <ol className="fault-rules" aria-label="Fault rules">
          {rules.map((rule, i) => (
            <li key={rule.id} className={rule.enabled ? '' : 'disabled'}>
              <label className="rule-switch">
                <input
                  type="checkbox"
                  checked={rule.enabled}
                  onChange={() => save(rules.map((r, j) => (j === i ? { ...r, enabled: !r.enabled } : r)))}
                />{' '}
                <strong>{rule.name}</strong>
                {!rule.enabled && <span className="muted"> (off)</span>}
              </label>
              <p>
                For {matchWords(rule.match)}: {actionWords(rule.action)}, {triggerWords(rule.when)}.
              </p>
              <div className="actions">
                <button
                  type="button"
                  onClick={() => move(i, -1)}
                  disabled={i === 0}
                  aria-label={`Move ${rule.name} up`}
                >
                  ↑
                </button>
                <button
                  type="button"
                  onClick={() => move(i, 1)}
                  disabled={i === rules.length - 1}
                  aria-label={`Move ${rule.name} down`}
                >
                  ↓
                </button>
                <button type="button" onClick={() => setEditing(i)}>
                  Edit
                </button>
                <button
                  type="button"
                  onClick={() => save(rules.filter((_, j) => j !== i))}
                  aria-label={`Delete ${rule.name}`}
                >
                  Delete
                </button>
              </div>
              {editing === i && (
                <RuleForm
                  initial={draftOf(rule)}
                  saving={update.isPending}
                  onCancel={() => setEditing(null)}
                  onSave={(next) =>
                    save(
                      rules.map((r, j) => (j === i ? next : r)),
                      () => setEditing(null),
                    )
                  }
                />
              )}
            </li>
          ))}
        </ol>
      )}
      <ErrorMessage error={update.error} what="save the rules" />
      <div className="fault-add">
        <label>
          Preset
          <select value={preset} onChange={(e) => setPreset(e.target.value)}>
            {FAULT_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={addPreset} disabled={update.isPending}>
          Add the preset&apos;s rules
        </button>
        <p className="muted">{chosen.purpose}</p>
        {editing !== 'new' ? (
          <button type="button" onClick={() => setEditing('new')}>
            New rule
          </button>
        ) : (
          <RuleForm
            initial={emptyDraft(rules.map((r) => r.id))}
            saving={update.isPending}
            onCancel={() => setEditing(null)}
            onSave={(rule) => save([...rules, rule], () => setEditing(null))}
          />
        )}
      </div>
    </section>
  );
}
