import type { MemberChanges, MemberRef, TrafficEntry } from '../../../../shared/types';
import { changeMessage, changeView, shown, splitUrn } from './change-view';
import type { Change } from './diff';

const HEADINGS = {
  created: 'Created with these attributes',
  updated: 'What changed',
  deleted: 'Deleted; it had these attributes',
} as const;

const count = (n: number) => n.toLocaleString('en');

/** A path with its schema URN apart and muted, so `urn:…:enterprise:2.0:User.department` wraps and reads. */
function AttributePath({ path }: { path: string }) {
  const { urn, rest } = splitUrn(path);
  return (
    <th scope="row">
      {urn && <span className="urn">{urn}</span>}
      {rest}
    </th>
  );
}

function ChangeTable({ action, rows }: { action: keyof typeof HEADINGS; rows: Change[] }) {
  return (
    <table className="changes">
      <caption>{HEADINGS[action]}</caption>
      <thead>
        <tr>
          <th scope="col">Attribute</th>
          {action !== 'created' && <th scope="col">{action === 'deleted' ? 'Value' : 'Before'}</th>}
          {action !== 'deleted' && <th scope="col">{action === 'created' ? 'Value' : 'After'}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.path}>
            <AttributePath path={c.path} />
            {action !== 'created' && <td className={action === 'deleted' ? 'value' : 'before'}>{shown(c.before)}</td>}
            {action !== 'deleted' && (
              <td className={action === 'created' ? 'value' : 'after'}>
                {action === 'updated' && (
                  <span className="arrow" aria-hidden="true">
                    →{' '}
                  </span>
                )}
                {shown(c.after)}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MemberSide({ verb, total, named }: { verb: string; total: number; named: MemberRef[] | undefined }) {
  if (total === 0) return null;
  const refs = named ?? [];
  return (
    <section aria-label={`${verb} members`}>
      <h4>
        {verb} {count(total)} member{total === 1 ? '' : 's'}
      </h4>
      {refs.length > 0 && (
        <ul className="members">
          {refs.map((m) => (
            <li key={m.id} title={`id ${m.id}`}>
              {m.name ?? m.id}
            </li>
          ))}
        </ul>
      )}
      {total > refs.length && refs.length > 0 && (
        <p className="muted">
          … and {count(total - refs.length)} more (the log names the first {refs.length})
        </p>
      )}
    </section>
  );
}

function MemberChangesView({ members }: { members: MemberChanges }) {
  return (
    <div className="member-changes">
      <MemberSide verb="Added" total={members.added} named={members.addedMembers} />
      <MemberSide verb="Removed" total={members.removed} named={members.removedMembers} />
    </div>
  );
}

/** What the request changed: before → after by attribute, members by name — or that it changed nothing, and why. */
export function DetailChanges({ entry }: { entry: TrafficEntry }) {
  const view = changeView(entry);
  const message = changeMessage(view);
  if (view.kind !== 'changed' || message)
    return <p className={view.kind === 'failed' ? 'nothing-changed failed' : 'nothing-changed'}>{message}</p>;
  return (
    <>
      {view.members && <MemberChangesView members={view.members} />}
      {view.rows.length > 0 && <ChangeTable action={view.action} rows={view.rows} />}
    </>
  );
}
