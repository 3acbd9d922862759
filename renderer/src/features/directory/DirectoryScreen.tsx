import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../../api/query-keys';
import { SEARCHED, anyContains, type Kind } from '../../api/scim-client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CreateForm } from './CreateForm';
import { ResourceDetail } from './ResourceDetail';
import { ResourceTable } from './ResourceTable';
import { showing } from './directory-text';
import { useDebounced } from '../../components/use-debounced';
import './directory.css';
import { useDirectoryScim } from './use-directory-scim';

export const PAGE_SIZE = 50;

/** What a list asks for: the columns only (no members), sorted by name, one page. */
const LIST = {
  Users: { attributes: 'userName,displayName,externalId,active,meta.created', sortBy: 'userName' },
  Groups: { attributes: 'displayName,externalId,meta.created', sortBy: 'displayName' },
} as const;

/** Users and groups: search, pages, detail, membership, and test data created through the SCIM engine. */
export function DirectoryScreen() {
  const [kind, setKind] = useState<Kind>('Users');
  const [search, setSearch] = useState('');
  const [startIndex, setStartIndex] = useState(1);
  const [selected, setSelected] = useState<string | null>(null);
  const client = useQueryClient();
  const { scim, endpoint } = useDirectoryScim();
  const term = useDebounced(search.trim(), 250);
  const noun = kind.toLowerCase();
  const list = useQuery({
    queryKey: queryKeys.directoryList(endpoint, kind, term, startIndex),
    queryFn: () =>
      scim.list(kind, {
        ...LIST[kind],
        startIndex,
        count: PAGE_SIZE,
        ...(term ? { filter: anyContains(SEARCHED[kind], term) } : {}),
      }),
    // The page stays while the next one (or the next search) loads; another resource type starts empty.
    placeholderData: (previous, query) => (query?.queryKey[2] === kind ? previous : undefined),
  });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.directory });
  const page = list.data;
  const total = page?.totalResults ?? 0;

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
                onClick={() => (setKind(k), setSelected(null), setStartIndex(1))}
              >
                {k}
              </button>
            ))}
          </div>
          <input
            type="search"
            aria-label={`Search ${noun}`}
            placeholder={`${SEARCHED[kind].join(', ')} contains…`}
            value={search}
            onChange={(e) => (setSearch(e.target.value), setStartIndex(1))}
          />
        </div>
        <CreateForm kind={kind} onCreated={refresh} />
        <ErrorMessage error={list.error} what={`list ${noun}`} />
        <div className="directory-list">
          {page && page.Resources.length > 0 && (
            <ResourceTable kind={kind} resources={page.Resources} selected={selected} onSelect={setSelected} />
          )}
          {page && total === 0 && (
            <p className="empty">
              {term
                ? `No ${noun} match “${term}” in ${SEARCHED[kind].join(', ')}.`
                : `No ${noun} yet. Create one above, or let Entra provision some.`}
            </p>
          )}
        </div>
        {page && total > 0 && (
          <nav className="pager" aria-label={`Pages of ${noun}`}>
            <span aria-live="polite">{showing(total, startIndex, page.Resources.length, noun)}</span>
            {total > PAGE_SIZE && (
              <>
                <button
                  type="button"
                  disabled={startIndex <= 1}
                  onClick={() => setStartIndex(Math.max(1, startIndex - PAGE_SIZE))}
                >
                  Previous
                </button>
                <button
                  type="button"
                  disabled={startIndex + PAGE_SIZE > total}
                  onClick={() => setStartIndex(startIndex + PAGE_SIZE)}
                >
                  Next
                </button>
              </>
            )}
          </nav>
        )}
      </section>
      <aside className="detail" aria-label={`${kind === 'Users' ? 'User' : 'Group'} detail`}>
        {selected ? (
          <ResourceDetail
            key={selected}
            kind={kind}
            id={selected}
            onChanged={refresh}
            onDeleted={() => setSelected(null)}
          />
        ) : (
          <p className="empty">Select a {kind === 'Users' ? 'user' : 'group'}.</p>
        )}
      </aside>
    </div>
  );
}
