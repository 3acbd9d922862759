import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useScim } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import type { Kind, Resource } from '../../api/scim-client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JsonView } from '../../components/JsonView';

/** Users and groups: search, detail, membership, and test data created through the SCIM engine. */
export function DirectoryScreen() {
  const [kind, setKind] = useState<Kind>('Users');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const client = useQueryClient();
  const scim = useScim();
  const key = kind === 'Users' ? 'userName' : 'displayName';
  const term = search.trim();
  const list = useQuery({
    queryKey: queryKeys.directoryList(kind, term),
    queryFn: () =>
      scim.list(kind, {
        count: 200,
        ...(kind === 'Groups' ? { excludedAttributes: 'members' } : {}),
        ...(term ? { filter: `${key} co ${JSON.stringify(term)}` } : {}),
      }),
  });
  const detail = useQuery({
    queryKey: queryKeys.directoryItem(kind, selected),
    queryFn: () => scim.get(kind, selected!),
    enabled: selected !== null,
  });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.directory });
  const remove = useMutation({
    mutationFn: (id: string) => scim.remove(kind, id),
    onSuccess: () => (setSelected(null), refresh()),
  });
  const toggle = useMutation({
    mutationFn: (r: Resource) => scim.patch('Users', r.id, [{ op: 'replace', path: 'active', value: !r.active }]),
    onSuccess: refresh,
  });

  return (
    <div className="split">
      <section aria-label="Directory" className="directory">
        <div className="filters">
          <div role="tablist" aria-label="Resource type">
            {(['Users', 'Groups'] as const).map((k) => (
              <button
                key={k}
                role="tab"
                aria-selected={kind === k}
                type="button"
                onClick={() => (setKind(k), setSelected(null))}
              >
                {k}
              </button>
            ))}
          </div>
          <input
            type="search"
            aria-label={`Search ${kind.toLowerCase()}`}
            placeholder={`${key} contains…`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <span className="stats">{list.data ? `${list.data.totalResults} ${kind.toLowerCase()}` : ''}</span>
        </div>
        <CreateForm kind={kind} onCreated={refresh} />
        <ErrorMessage error={list.error} what={`list ${kind.toLowerCase()}`} />
        <ul className="resources" aria-label={kind}>
          {list.data?.Resources.map((r) => (
            <li key={r.id}>
              <button type="button" className="link" aria-current={r.id === selected} onClick={() => setSelected(r.id)}>
                {r.userName ?? r.displayName}
              </button>
              {kind === 'Users' && (
                <span className={r.active === false ? 'muted' : 'ok'}>
                  {r.active === false ? ' disabled' : ' active'}
                </span>
              )}
            </li>
          ))}
        </ul>
        {list.data?.totalResults === 0 && (
          <p className="empty">No {kind.toLowerCase()} yet. Create one above, or let Entra provision some.</p>
        )}
      </section>
      <aside className="detail" aria-label={`${kind === 'Users' ? 'User' : 'Group'} detail`}>
        {!selected && <p className="empty">Select a {kind === 'Users' ? 'user' : 'group'}.</p>}
        <ErrorMessage error={detail.error ?? remove.error ?? toggle.error} what="do that" />
        {detail.data && (
          <>
            <h2>{detail.data.userName ?? detail.data.displayName}</h2>
            <div className="actions">
              {kind === 'Users' && (
                <button type="button" onClick={() => toggle.mutate(detail.data!)}>
                  {detail.data.active === false ? 'Enable' : 'Disable'}
                </button>
              )}
              <button
                type="button"
                className="danger"
                onClick={() =>
                  confirm(`Delete ${detail.data!.userName ?? detail.data!.displayName}?`) &&
                  remove.mutate(detail.data!.id)
                }
              >
                Delete
              </button>
            </div>
            {kind === 'Groups' ? (
              <Members group={detail.data} onChanged={refresh} />
            ) : (
              detail.data.groups && (
                <>
                  <h3>Groups</h3>
                  <ul>
                    {detail.data.groups.map((g) => (
                      <li key={g.value}>{g.display ?? g.value}</li>
                    ))}
                  </ul>
                </>
              )
            )}
            <JsonView text={JSON.stringify(detail.data)} label="SCIM representation" />
          </>
        )}
      </aside>
    </div>
  );
}

/** A group's members: add one by userName, remove one — PATCH through the endpoint, as Entra would. */
function Members({ group, onChanged }: { group: Resource; onChanged: () => void }) {
  const [userName, setUserName] = useState('');
  const scim = useScim();
  const change = useMutation({
    mutationFn: async (action: { add: string } | { remove: string }) => {
      if ('remove' in action) return scim.removeMember(group.id, action.remove);
      const user = await scim.userByName(action.add);
      if (!user) throw new Error(`No user has the userName ${action.add}`);
      return scim.addMember(group.id, user.id);
    },
    onSuccess: () => (setUserName(''), onChanged()),
  });
  const members = group.members ?? [];
  return (
    <section aria-label="Members">
      <h3>Members ({members.length})</h3>
      <form
        className="create"
        onSubmit={(e) => {
          e.preventDefault();
          if (userName.trim()) change.mutate({ add: userName.trim() });
        }}
      >
        <input
          aria-label="userName to add"
          placeholder="userName to add"
          value={userName}
          onChange={(e) => setUserName(e.target.value)}
        />
        <button type="submit">Add member</button>
      </form>
      <ErrorMessage error={change.error} what="change the members" />
      <ul>
        {members.slice(0, 500).map((m) => (
          <li key={m.value}>
            {m.display ?? m.value}{' '}
            <button
              type="button"
              className="link"
              aria-label={`Remove ${m.display ?? m.value}`}
              onClick={() => change.mutate({ remove: m.value })}
            >
              remove
            </button>
          </li>
        ))}
      </ul>
      {members.length > 500 && <p className="muted">Showing 500 of {members.length}.</p>}
    </section>
  );
}

function CreateForm({ kind, onCreated }: { kind: Kind; onCreated: () => void }) {
  const [name, setName] = useState('');
  const scim = useScim();
  const create = useMutation({
    mutationFn: () =>
      scim.create(
        kind,
        kind === 'Users'
          ? { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: name, active: true }
          : { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name },
      ),
    onSuccess: () => (setName(''), onCreated()),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <form className="create" onSubmit={submit}>
      <input
        aria-label={kind === 'Users' ? 'New userName' : 'New group displayName'}
        placeholder={kind === 'Users' ? 'userName of a test user' : 'displayName of a test group'}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" disabled={create.isPending}>
        Create {kind === 'Users' ? 'user' : 'group'}
      </button>
      <ErrorMessage error={create.error} what="create it" />
    </form>
  );
}
