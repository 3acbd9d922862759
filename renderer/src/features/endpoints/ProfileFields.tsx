import { useState } from 'react';
import type { Profile } from '../../../../shared/profile';
import { parseOnly } from './profile-draft';

type Change = (next: Profile) => void;

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange(v: boolean): void }) {
  return (
    <label>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
}

function Whole({ label, value, onChange }: { label: string; value: number; onChange(v: number): void }) {
  return (
    <label>
      {label}{' '}
      <input
        inputMode="numeric"
        value={Number.isNaN(value) ? '' : value}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );
}

function Pick<T extends string>(props: { label: string; value: T; options: [T, string][]; onChange(v: T): void }) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

const ANSWERS: ['accept' | 'refuse', string][] = [
  ['accept', 'accept with a note'],
  ['refuse', 'refuse (400)'],
];

/** The dialect: every deviation's answer, and the codes answered otherwise. */
function DialectFields({ p, set }: { p: Profile; set: Change }) {
  const [code, setCode] = useState('');
  const codes = Object.entries(p.dialect.codes);
  const withCodes = (next: Record<string, 'accept' | 'refuse'>) =>
    set({ ...p, dialect: { ...p.dialect, codes: next } });
  return (
    <fieldset>
      <legend>Dialect (what a client sends that the RFCs do not allow)</legend>
      <Pick
        label="Every deviation:"
        value={p.dialect.default}
        options={ANSWERS}
        onChange={(v) => set({ ...p, dialect: { ...p.dialect, default: v } })}
      />
      {codes.map(([name, answer]) => (
        <div key={name} className="row">
          <Pick
            label={name}
            value={answer}
            options={ANSWERS}
            onChange={(v) => withCodes({ ...p.dialect.codes, [name]: v })}
          />
          <button type="button" onClick={() => withCodes(Object.fromEntries(codes.filter(([c]) => c !== name)))}>
            Remove {name}
          </button>
        </div>
      ))}
      <div className="row">
        <label>
          Answer one code otherwise{' '}
          <input
            value={code}
            placeholder="string-boolean"
            spellCheck={false}
            onChange={(e) => setCode(e.target.value.trim())}
          />
        </label>
        <button
          type="button"
          disabled={!code}
          onClick={() => (
            withCodes({ ...p.dialect.codes, [code]: p.dialect.default === 'accept' ? 'refuse' : 'accept' }),
            setCode('')
          )}
        >
          Add code
        </button>
      </div>
    </fieldset>
  );
}

/** A profile's fields, grouped as the docs describe them: dialect, unknown attributes, features, responses. */
export function ProfileFields({ profile: p, onChange: set }: { profile: Profile; onChange: Change }) {
  const [only, setOnly] = useState((p.filter.only ?? []).join(', '));
  return (
    <>
      <DialectFields p={p} set={set} />
      <fieldset>
        <legend>Unknown attributes</legend>
        <Pick
          label="An attribute no schema declares is"
          value={p.unknownAttributes}
          options={[
            ['refuse', 'refused (400 invalidPath)'],
            ['ignore', 'ignored with a note'],
            ['store', 'stored as sent'],
          ]}
          onChange={(v) => set({ ...p, unknownAttributes: v })}
        />
      </fieldset>
      <fieldset>
        <legend>Features</legend>
        <Check
          label="Bulk"
          checked={p.bulk.supported}
          onChange={(v) => set({ ...p, bulk: { ...p.bulk, supported: v } })}
        />
        <Whole
          label="Bulk: most operations"
          value={p.bulk.maxOperations}
          onChange={(v) => set({ ...p, bulk: { ...p.bulk, maxOperations: v } })}
        />
        <Whole
          label="Bulk: largest payload (bytes)"
          value={p.bulk.maxPayloadSize}
          onChange={(v) => set({ ...p, bulk: { ...p.bulk, maxPayloadSize: v } })}
        />
        <Check
          label="Filter"
          checked={p.filter.supported}
          onChange={(v) => set({ ...p, filter: { ...p.filter, supported: v } })}
        />
        <Whole
          label="Filter: most results"
          value={p.filter.maxResults}
          onChange={(v) => set({ ...p, filter: { ...p.filter, maxResults: v } })}
        />
        <label>
          Filter: only these (attribute operator, comma-separated; empty: every filter){' '}
          <input
            value={only}
            placeholder="userName eq"
            spellCheck={false}
            onChange={(e) => (
              setOnly(e.target.value),
              set({ ...p, filter: { ...p.filter, only: parseOnly(e.target.value) } })
            )}
          />
        </label>
        <Check label="Sort" checked={p.sort} onChange={(v) => set({ ...p, sort: v })} />
        <Check label="ETags" checked={p.etag} onChange={(v) => set({ ...p, etag: v })} />
        <Check label="changePassword" checked={p.changePassword} onChange={(v) => set({ ...p, changePassword: v })} />
        <Check label="Groups" checked={p.groups} onChange={(v) => set({ ...p, groups: v })} />
        <Check label="POST .search" checked={p.search} onChange={(v) => set({ ...p, search: v })} />
      </fieldset>
      <fieldset>
        <legend>Responses</legend>
        <Pick
          label="PATCH answers"
          value={p.patchResponse}
          options={[
            ['resource', '200 with the resource'],
            ['no-content', '204 No Content'],
          ]}
          onChange={(v) => set({ ...p, patchResponse: v })}
        />
        <Whole label="Largest page" value={p.maxPageSize} onChange={(v) => set({ ...p, maxPageSize: v })} />
        <Check
          label="excludedAttributes honoured"
          checked={p.excludedAttributes}
          onChange={(v) => set({ ...p, excludedAttributes: v })}
        />
        <Check
          label="userName case-sensitive"
          checked={p.userNameCaseExact}
          onChange={(v) => set({ ...p, userNameCaseExact: v })}
        />
      </fieldset>
    </>
  );
}
