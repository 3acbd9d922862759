import type { Kind, Resource } from '../../api/scim-client';

const when = (iso: string | undefined) =>
  iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '';

/** Users or groups as a table with headers; the selected one highlighted. */
export function ResourceTable({
  kind,
  resources,
  selected,
  onSelect,
}: {
  kind: Kind;
  resources: Resource[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const users = kind === 'Users';
  return (
    <table className="directory-table" aria-label={kind}>
      <thead>
        <tr>
          {users && <th scope="col">userName</th>}
          <th scope="col">displayName</th>
          <th scope="col">externalId</th>
          {users && <th scope="col">active</th>}
          <th scope="col">created</th>
        </tr>
      </thead>
      <tbody>
        {resources.map((r) => {
          const current = r.id === selected;
          const name = users ? r.userName : r.displayName;
          return (
            <tr key={r.id} className={current ? 'selected' : undefined} onClick={() => onSelect(r.id)}>
              <td>
                {/* The row's click selects: a click or Enter on the name reaches it too. */}
                <button type="button" className="link" aria-current={current}>
                  {name}
                </button>
              </td>
              {users && <td>{r.displayName}</td>}
              <td>{r.externalId}</td>
              {users && <td className={r.active === false ? 'muted' : 'ok'}>{r.active === false ? 'no' : 'yes'}</td>}
              <td title={r.meta?.created}>{when(r.meta?.created)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
