import type { EndpointInfo } from '../../../../shared/endpoints';
import { PRESETS } from '../../../../shared/profile';
import { useUi } from '../../state/ui-store';

const n = (value: number) => value.toLocaleString('en');

/** The endpoints as a table; a row's button selects it (in the header's switcher too). */
export function EndpointTable({ endpoints, selected }: { endpoints: EndpointInfo[]; selected: string | null }) {
  const selectEndpoint = useUi((s) => s.selectEndpoint);
  return (
    <table className="endpoint-table" aria-label="Endpoints">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">URL</th>
          <th scope="col">Profile</th>
          <th scope="col">Users</th>
          <th scope="col">Groups</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {endpoints.map((e) => (
          <tr key={e.id} className={e.id === selected ? 'selected' : undefined}>
            <th scope="row">
              <button
                type="button"
                className="link"
                aria-current={e.id === selected ? 'true' : undefined}
                onClick={() => selectEndpoint(e.id)}
              >
                {e.name}
              </button>
              {e.isDefault && e.name !== 'default' && <span className="muted"> (default)</span>}
            </th>
            <td>
              <code>{e.scimUrl}</code>
            </td>
            <td>{e.preset ? PRESETS[e.preset].title : 'Edited'}</td>
            <td>{n(e.users)}</td>
            <td>{n(e.groups)}</td>
            <td>{e.paused ? 'Paused (answers 503)' : 'Serving'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
