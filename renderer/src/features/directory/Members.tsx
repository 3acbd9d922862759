import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { queryKeys } from '../../api/query-keys';
import { SEARCHED, anyContains, shownName, type Resource } from '../../api/scim-client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { showing } from './directory-text';
import { useDebounced } from '../../components/use-debounced';
import { useDirectoryScim } from './use-directory-scim';

const SHOWN = 500;
const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * A group's members, sorted by the name they are shown with (displayName, else userName), and
 * added by that same name — PATCH through the endpoint, as Entra would.
 */
export function Members({ group, onChanged }: { group: Resource; onChanged: () => void }) {
  const [name, setName] = useState('');
  const { scim, endpoint } = useDirectoryScim();
  const members = useMemo(
    () => [...(group.members ?? [])].sort((a, b) => byName.compare(shownName(a), shownName(b))),
    [group.members],
  );
  const typed = useDebounced(name.trim(), 250);
  const suggestions = useQuery({
    queryKey: queryKeys.directorySuggestions(endpoint, typed),
    queryFn: () =>
      scim.list('Users', {
        filter: anyContains(SEARCHED.Users.slice(0, 2), typed),
        attributes: 'userName,displayName',
        count: 8,
      }),
    enabled: typed.length > 0,
  });
  const change = useMutation({
    mutationFn: async (action: { add: string } | { remove: string }) => {
      if ('remove' in action) return scim.removeMember(group.id, action.remove);
      const found = await scim.usersNamed(action.add);
      if (!found.length) throw new Error(`No user has the display name or userName ${action.add}`);
      if (found.length > 1)
        throw new Error(
          `${found.length} users are called ${action.add}: type the userName of the one to add (${found.map((u) => u.userName).join(', ')})`,
        );
      const user = found[0]!;
      if (members.some((m) => m.value === user.id)) throw new Error(`${shownName(user)} is already a member`);
      return scim.addMember(group.id, user.id);
    },
    // The field is cleared only if it still holds the name just added: the next one may be typed already.
    onSuccess: (_, action) => (
      setName((now) => ('add' in action && now.trim() === action.add ? '' : now)),
      onChanged()
    ),
  });

  return (
    <section aria-label="Members">
      <h3>Members ({members.length.toLocaleString('en-US')})</h3>
      <form
        className="create"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) change.mutate({ add: name.trim() });
        }}
      >
        <input
          aria-label="Member to add"
          placeholder="display name or userName, as shown"
          list="member-suggestions"
          value={name}
          onChange={(e) => (setName(e.target.value), change.reset())}
        />
        <datalist id="member-suggestions">
          {suggestions.data?.Resources.map((u) => (
            <option key={u.id} value={shownName(u)}>
              {u.userName}
            </option>
          ))}
        </datalist>
        <button type="submit" disabled={change.isPending}>
          Add member
        </button>
      </form>
      <ErrorMessage error={change.error} what="change the members" />
      <ul className="members">
        {members.slice(0, SHOWN).map((m) => (
          <li key={m.value}>
            {shownName(m)}{' '}
            <button
              type="button"
              className="link"
              aria-label={`Remove ${shownName(m)}`}
              onClick={() => change.mutate({ remove: m.value })}
            >
              remove
            </button>
          </li>
        ))}
      </ul>
      {members.length > SHOWN && (
        <p className="muted">{showing(members.length, 1, SHOWN, 'members')}, sorted by name.</p>
      )}
    </section>
  );
}
