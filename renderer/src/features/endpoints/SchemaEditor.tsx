import { useRef, useState } from 'react';
import type { CustomAttribute, EndpointSchema } from '../../../../shared/custom-schema';
import type { EndpointInfo } from '../../../../shared/endpoints';
import { ErrorMessage } from '../../components/ErrorMessage';
import { AttributeForm } from './AttributeForm';
import { NewExtension } from './NewExtension';
import { canonical } from './profile-draft';
import {
  exportSchema,
  importSchema,
  schemaProblems,
  withAttribute,
  withExtension,
  withoutAttribute,
  withoutExtension,
} from './schema-draft';
import { useEndpointMutations } from './use-endpoints';

/** Which attribute form is open: a new one in extension `index`, or the one named `name` there. */
type Editing = { index: number; name: string | null } | null;

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}

/** The endpoint's own extensions and attributes: edited with a form, imported and exported as RFC 7643 JSON. */
export function SchemaEditor({ endpoint }: { endpoint: EndpointInfo }) {
  const { update } = useEndpointMutations();
  const [draft, setDraft] = useState<EndpointSchema>(() => structuredClone(endpoint.schema));
  const [editing, setEditing] = useState<Editing>(null);
  const [fileProblems, setFileProblems] = useState<string[]>([]);
  const file = useRef<HTMLInputElement>(null);
  const problems = [...fileProblems, ...schemaProblems(draft)];
  const changed = canonical(draft) !== canonical(endpoint.schema);
  const change = (next: EndpointSchema) => (setDraft(next), setFileProblems([]));
  const importFile = async (f: File | undefined) => {
    if (!f) return;
    const read = importSchema(await f.text());
    if ('schema' in read) change(read.schema);
    else setFileProblems(read.problems.map((p) => `${f.name}: ${p}`));
    if (file.current) file.current.value = '';
  };
  const attributeDone = (index: number, replacing: string | null) => (a: CustomAttribute) => {
    change(withAttribute(draft, index, a, replacing));
    setEditing(null);
  };

  return (
    <section aria-labelledby="schema-heading" className="schema-editor">
      <h3 id="schema-heading">Custom schema</h3>
      <p className="muted">
        Attributes declared here are validated, stored, returned, filterable and sortable like the core ones, and appear
        in /Schemas.
      </p>
      {draft.extensions.length === 0 && <p>No extension declared.</p>}
      {draft.extensions.map((ext, index) => (
        <section key={index} className="extension" aria-label={`Extension ${ext.id}`}>
          <h4>
            {ext.name} <code>{ext.id}</code> <span className="muted">extends {ext.resourceType}</span>
          </h4>
          <table aria-label={`Attributes of ${ext.name}`}>
            <thead>
              <tr>
                {['Name', 'Type', 'Multi-valued', 'Mutability', 'Returned', 'Uniqueness', 'Case-exact', ''].map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ext.attributes.map((a) => (
                <tr key={a.name}>
                  <th scope="row">{a.name}</th>
                  <td>
                    {a.type}
                    {a.subAttributes?.length ? ` (${a.subAttributes.map((s) => s.name).join(', ')})` : ''}
                  </td>
                  <td>{a.multiValued ? 'yes' : 'no'}</td>
                  <td>{a.mutability}</td>
                  <td>{a.returned}</td>
                  <td>{a.uniqueness}</td>
                  <td>{a.caseExact ? 'yes' : 'no'}</td>
                  <td>
                    <button type="button" onClick={() => setEditing({ index, name: a.name })}>
                      Edit {a.name}
                    </button>{' '}
                    <button type="button" onClick={() => change(withoutAttribute(draft, index, a.name))}>
                      Remove {a.name}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {editing?.index === index ? (
            <AttributeForm
              key={editing.name ?? '+'}
              initial={ext.attributes.find((a) => a.name === editing.name) ?? null}
              onDone={attributeDone(index, editing.name)}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <div className="actions">
              <button type="button" onClick={() => setEditing({ index, name: null })}>
                Add an attribute to {ext.name}
              </button>
              <button type="button" onClick={() => change(withoutExtension(draft, index))}>
                Remove the extension {ext.name}
              </button>
            </div>
          )}
        </section>
      ))}
      <NewExtension
        onAdd={(ext) => {
          change(withExtension(draft, ext));
          setEditing({ index: draft.extensions.length, name: null });
        }}
      />
      {problems.length > 0 && (
        <ul className="field-error" aria-label="Problems with the schema">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button
          type="button"
          disabled={!changed || problems.length > 0 || update.isPending}
          onClick={() => update.mutate({ id: endpoint.id, schema: draft })}
        >
          Save the schema
        </button>
        <button type="button" disabled={!changed} onClick={() => change(structuredClone(endpoint.schema))}>
          Undo changes
        </button>
        <label className="file-button">
          Import JSON…
          <input
            ref={file}
            type="file"
            accept="application/json,.json"
            onChange={(e) => void importFile(e.target.files?.[0])}
          />
        </label>
        <button type="button" onClick={() => download(`${endpoint.name}-schema.json`, exportSchema(draft))}>
          Export JSON
        </button>
        {changed ? (
          <span className="muted">Not saved yet.</span>
        ) : (
          update.isSuccess && <span role="status">Saved.</span>
        )}
      </div>
      <ErrorMessage error={update.error} what="save the schema" />
    </section>
  );
}
