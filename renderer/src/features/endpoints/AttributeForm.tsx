import { useState, type FormEvent } from 'react';
import { customAttributeSchema, type CustomAttribute } from '../../../../shared/custom-schema';
import { blankAttribute } from './schema-draft';

const TYPES = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'binary', 'complex'] as const;
const MUTABILITY = ['readWrite', 'readOnly', 'immutable', 'writeOnly'] as const;
const RETURNED = ['default', 'always', 'never', 'request'] as const;
const UNIQUENESS = ['none', 'server', 'global'] as const;

type Sub = NonNullable<CustomAttribute['subAttributes']>[number];

function Choose<T extends string>(props: { label: string; value: T; options: readonly T[]; onChange(v: T): void }) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}

/** A sub-attribute of a complex attribute: its name, type (never complex) and the two flags that matter most. */
function SubAttribute({ sub, n, set, remove }: { sub: Sub; n: number; set(s: Sub): void; remove(): void }) {
  return (
    <div className="row" role="group" aria-label={`Sub-attribute ${n}`}>
      <label>
        Name <input value={sub.name} spellCheck={false} onChange={(e) => set({ ...sub, name: e.target.value })} />
      </label>
      <Choose
        label="Type"
        value={sub.type}
        options={TYPES.filter((t) => t !== 'complex')}
        onChange={(type) => set({ ...sub, type })}
      />
      <label>
        <input
          type="checkbox"
          checked={sub.multiValued}
          onChange={(e) => set({ ...sub, multiValued: e.target.checked })}
        />{' '}
        Multi-valued
      </label>
      <label>
        <input type="checkbox" checked={sub.caseExact} onChange={(e) => set({ ...sub, caseExact: e.target.checked })} />{' '}
        Case-exact
      </label>
      <button type="button" onClick={remove}>
        Remove sub-attribute {n}
      </button>
    </div>
  );
}

/**
 * Adds or edits one attribute. Checked with the engine's rule before it joins the draft; the
 * schema is saved (or refused) as a whole by the editor.
 */
export function AttributeForm({
  initial,
  onDone,
  onCancel,
}: {
  initial: CustomAttribute | null;
  onDone(attribute: CustomAttribute): void;
  onCancel(): void;
}) {
  const [a, setA] = useState<CustomAttribute>(() => structuredClone(initial ?? blankAttribute()));
  const [problems, setProblems] = useState<string[]>([]);
  const subs = a.subAttributes ?? [];
  const setSubs = (next: Sub[]) => setA({ ...a, subAttributes: next });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const tidy = a.type === 'complex' ? a : { ...a, subAttributes: undefined };
    const parsed = customAttributeSchema.safeParse(tidy);
    if (parsed.success) return onDone(parsed.data);
    setProblems(parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join(' ')}: ` : ''}${i.message}`));
  };
  return (
    <form className="attribute-form" aria-label={initial ? `Edit ${initial.name}` : 'New attribute'} onSubmit={submit}>
      <label>
        Name <input value={a.name} spellCheck={false} onChange={(e) => setA({ ...a, name: e.target.value })} />
      </label>
      <Choose label="Type" value={a.type} options={TYPES} onChange={(type) => setA({ ...a, type })} />
      <Choose
        label="Mutability"
        value={a.mutability}
        options={MUTABILITY}
        onChange={(mutability) => setA({ ...a, mutability })}
      />
      <Choose
        label="Returned"
        value={a.returned}
        options={RETURNED}
        onChange={(returned) => setA({ ...a, returned })}
      />
      <Choose
        label="Uniqueness"
        value={a.uniqueness}
        options={UNIQUENESS}
        onChange={(uniqueness) => setA({ ...a, uniqueness })}
      />
      <label>
        <input
          type="checkbox"
          checked={a.multiValued}
          onChange={(e) => setA({ ...a, multiValued: e.target.checked })}
        />{' '}
        Multi-valued
      </label>
      <label>
        <input type="checkbox" checked={a.caseExact} onChange={(e) => setA({ ...a, caseExact: e.target.checked })} />{' '}
        Case-exact
      </label>
      <label>
        <input type="checkbox" checked={a.required} onChange={(e) => setA({ ...a, required: e.target.checked })} />{' '}
        Required
      </label>
      <label className="wide">
        Description <input value={a.description} onChange={(e) => setA({ ...a, description: e.target.value })} />
      </label>
      {a.type === 'complex' && (
        <fieldset className="wide">
          <legend>Sub-attributes</legend>
          {subs.map((sub, i) => (
            <SubAttribute
              key={i}
              sub={sub}
              n={i + 1}
              set={(s) => setSubs(subs.map((x, j) => (j === i ? s : x)))}
              remove={() => setSubs(subs.filter((_, j) => j !== i))}
            />
          ))}
          <button type="button" onClick={() => setSubs([...subs, { ...blankAttribute(), name: '' }])}>
            Add a sub-attribute
          </button>
        </fieldset>
      )}
      {problems.length > 0 && (
        <ul className="field-error wide" aria-label="Problems with the attribute">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="actions wide">
        <button type="submit">{initial ? 'Apply' : 'Add the attribute'}</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
