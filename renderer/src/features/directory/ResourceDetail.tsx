import { useMutation, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../api/query-keys';
import { shownName, type Kind } from '../../api/scim-client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { JsonView } from '../../components/JsonView';
import { Members } from './Members';
import { TrafficLink } from './traffic-link';
import { endpointParam } from '../endpoints/use-endpoints';
import { useDirectoryScim } from './use-directory-scim';

/** One user or group: enable/disable, delete, its traffic, its groups or members, its SCIM form. */
export function ResourceDetail({
  kind,
  id,
  onChanged,
  onDeleted,
}: {
  kind: Kind;
  id: string;
  onChanged: () => void;
  onDeleted: () => void;
}) {
  const { scim, endpoint } = useDirectoryScim();
  const noun = kind === 'Users' ? 'user' : 'group';
  const detail = useQuery({ queryKey: queryKeys.directoryItem(endpoint, kind, id), queryFn: () => scim.get(kind, id) });
  const remove = useMutation({
    mutationFn: () => scim.remove(kind, id),
    onSuccess: () => (onDeleted(), onChanged()),
  });
  const toggle = useMutation({
    mutationFn: (active: boolean) => scim.patch('Users', id, [{ op: 'replace', path: 'active', value: active }]),
    onSuccess: onChanged,
  });
  const r = detail.data;
  return (
    <>
      <ErrorMessage error={detail.error ?? remove.error ?? toggle.error} what="do that" />
      {r && (
        <>
          <h2>{r.userName ?? r.displayName}</h2>
          {r.userName && r.displayName && <p className="muted">{r.displayName}</p>}
          <div className="actions">
            {kind === 'Users' && (
              <button type="button" onClick={() => toggle.mutate(r.active === false)}>
                {r.active === false ? 'Enable' : 'Disable'}
              </button>
            )}
            <button
              type="button"
              className="danger"
              onClick={() => confirm(`Delete ${shownName(r)}?`) && remove.mutate()}
            >
              Delete
            </button>
            <TrafficLink filter={{ resourceId: r.id, endpoint: endpointParam(endpoint) }}>
              Show this {noun}&apos;s traffic
            </TrafficLink>
          </div>
          {kind === 'Groups' ? (
            <Members group={r} onChanged={onChanged} />
          ) : (
            r.groups && (
              <>
                <h3>Groups</h3>
                <ul>
                  {r.groups.map((g) => (
                    <li key={g.value}>{g.display ?? g.value}</li>
                  ))}
                </ul>
              </>
            )
          )}
          <JsonView text={JSON.stringify(r)} label="SCIM representation" />
        </>
      )}
    </>
  );
}
