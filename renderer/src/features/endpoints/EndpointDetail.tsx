import { useState, type FormEvent } from 'react';
import type { EndpointInfo } from '../../../../shared/endpoints';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ConfirmAction } from './ConfirmAction';
import { nameProblem } from './CreateEndpoint';
import { ProfileEditor } from './ProfileEditor';
import { SchemaEditor } from './SchemaEditor';
import { useEndpointMutations } from './use-endpoints';

const n = (value: number) => value.toLocaleString('en');
const things = (r: { users: number; groups: number }) =>
  `${n(r.users)} ${r.users === 1 ? 'user' : 'users'} and ${n(r.groups)} ${r.groups === 1 ? 'group' : 'groups'}`;

/** One endpoint: rename, pause or resume, reset, delete; then its profile and its schema. */
export function EndpointDetail({ endpoint }: { endpoint: EndpointInfo }) {
  const { update, reset, remove } = useEndpointMutations();
  const [name, setName] = useState(endpoint.name);
  const problem = name !== endpoint.name ? nameProblem(name) : null;
  const rename = (e: FormEvent) => {
    e.preventDefault();
    if (!problem && name !== endpoint.name) update.mutate({ id: endpoint.id, name });
  };
  return (
    <section className="endpoint-detail" aria-labelledby="endpoint-heading">
      <h3 id="endpoint-heading">
        {endpoint.name}
        {endpoint.paused ? ' — paused' : ''}
      </h3>
      <p>
        <code>{endpoint.scimUrl}</code> · {things(endpoint)}
      </p>
      {!endpoint.isDefault && (
        <form className="rename" onSubmit={rename}>
          <label>
            Name{' '}
            <input
              value={name}
              spellCheck={false}
              aria-invalid={problem !== null}
              aria-describedby={problem ? 'rename-problem' : undefined}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <button type="submit" disabled={problem !== null || name === endpoint.name || update.isPending}>
            Rename
          </button>
          <span className="muted">The URL changes with the name: the identity provider needs the new one.</span>
          {problem && (
            <p id="rename-problem" className="field-error">
              {problem}
            </p>
          )}
        </form>
      )}
      <div className="actions">
        <button
          type="button"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: endpoint.id, paused: !endpoint.paused })}
        >
          {endpoint.paused ? 'Resume' : 'Pause'}
        </button>
        <ConfirmAction
          label="Reset…"
          question={`Reset ${endpoint.name}?`}
          action="Reset now"
          busy={reset.isPending}
          onConfirm={(done) => reset.mutate(endpoint.id, { onSuccess: done })}
        >
          <p>Deletes its {things(endpoint)}. Its URL, token, OAuth client, profile, schema and traffic stay.</p>
        </ConfirmAction>
        {!endpoint.isDefault && (
          <ConfirmAction
            label="Delete…"
            question={`Delete ${endpoint.name}?`}
            action="Delete now"
            busy={remove.isPending}
            onConfirm={(done) => remove.mutate(endpoint.id, { onSuccess: done })}
          >
            <p>
              Deletes the endpoint with its {things(endpoint)}, its token and OAuth client: {endpoint.scimUrl} answers
              401 from then on, like a wrong token. Its traffic stays in the log.
            </p>
          </ConfirmAction>
        )}
      </div>
      {reset.isSuccess && <p role="status">Reset: removed {things(reset.data)}.</p>}
      <ErrorMessage error={update.error} what="change the endpoint" />
      <ErrorMessage error={reset.error} what="reset the endpoint" />
      <ErrorMessage error={remove.error} what="delete the endpoint" />
      <ProfileEditor endpoint={endpoint} />
      <SchemaEditor endpoint={endpoint} />
    </section>
  );
}
