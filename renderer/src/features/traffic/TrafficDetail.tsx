import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import type { TrafficEntry } from '../../../../shared/types';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { CopyButton } from '../../components/CopyButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useUi } from '../../state/ui-store';
import { DetailChanges } from './DetailChanges';
import { DetailRequest, DetailResponse } from './DetailMessage';
import { DetailSummary } from './DetailSummary';
import { ReplayPreview } from './ReplayPreview';
import './traffic-detail.css';

const TABS = ['summary', 'request', 'response', 'changes'] as const;
type Tab = (typeof TABS)[number];
const TAB_NAMES: Record<Tab, string> = {
  summary: 'Summary',
  request: 'Request',
  response: 'Response',
  changes: 'Changes',
};

/** Tabs as WAI-ARIA describes them: one tab stop, arrows, Home and End move between them. */
function DetailTabs({ tab, onChange }: { tab: Tab; onChange(tab: Tab): void }) {
  const keyDown = (event: KeyboardEvent) => {
    const at = TABS.indexOf(tab);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const chosen = TABS[(next + TABS.length) % TABS.length]!;
    onChange(chosen);
    document.getElementById(`detail-tab-${chosen}`)?.focus();
  };
  return (
    <div role="tablist" aria-label="Sections of this request" className="detail-tabs" onKeyDown={keyDown}>
      {TABS.map((t) => (
        <button
          key={t}
          id={`detail-tab-${t}`}
          type="button"
          role="tab"
          aria-selected={t === tab}
          aria-controls="detail-panel"
          tabIndex={t === tab ? 0 : -1}
          onClick={() => onChange(t)}
        >
          {TAB_NAMES[t]}
        </button>
      ))}
    </div>
  );
}

function DetailPanel({ tab, entry, onSelect }: { tab: Tab; entry: TrafficEntry; onSelect(id: number): void }) {
  switch (tab) {
    case 'summary':
      return <DetailSummary entry={entry} onSelect={onSelect} />;
    case 'request':
      return <DetailRequest entry={entry} />;
    case 'response':
      return <DetailResponse entry={entry} />;
    case 'changes':
      return <DetailChanges entry={entry} />;
  }
}

interface Replayed {
  of: number;
  status: number;
  id: number | null;
}

/**
 * What was sent, what was answered, what changed — in tabs — with copy as curl (the token read from
 * a variable, or carried) and replay (shown first, then confirmed; the new entry is then selected).
 */
export function TrafficDetail() {
  const bench = useBench();
  const queries = useQueryClient();
  const id = useUi((s) => s.selectedId);
  const select = useUi((s) => s.select);
  const [tab, setTab] = useState<Tab>('summary');
  const [replayed, setReplayed] = useState<Replayed | null>(null);
  const { data: entry, error } = useQuery({
    queryKey: queryKeys.trafficEntry(id!),
    queryFn: () => bench.traffic.get(id!),
    enabled: id !== null,
  });
  const preview = useMutation({ mutationFn: (entryId: number) => bench.traffic.replayPreview(entryId) });
  const replay = useMutation({
    mutationFn: (entryId: number) => bench.traffic.replay(entryId),
    onSuccess: (result, of) => {
      setReplayed({ of, ...result });
      void queries.invalidateQueries({ queryKey: queryKeys.trafficEntry(of) }); // it now lists this replay
      if (result.id !== null) select(result.id);
    },
    onSettled: () => preview.reset(),
  });
  const shown = preview.variables === id ? preview : null; // a preview belongs to the entry it was made for
  if (id === null)
    return (
      <aside className="detail empty">Select a request to see what was sent, what was answered and what changed.</aside>
    );
  if (error)
    return (
      <aside className="detail">
        <ErrorMessage error={error} what="load this request" />
      </aside>
    );
  if (!entry) return <aside className="detail">Loading…</aside>;
  const replayedHere = replayed && (replayed.id ?? replayed.of) === entry.id ? replayed : null;
  return (
    <aside className="detail" aria-label="Request detail">
      <h2>{entry.sentence}</h2>
      <div className="actions">
        <CopyButton label="Copy as curl" text={() => bench.traffic.curl(entry.id)} />
        <CopyButton label="Copy as curl with token" text={() => bench.traffic.curl(entry.id, true)} />
        <button type="button" onClick={() => preview.mutate(entry.id)} disabled={preview.isPending || replay.isPending}>
          Replay…
        </button>
      </div>
      {replayedHere && (
        <p role="status">
          Replayed #{replayedHere.of}: the bench answered {replayedHere.status}.
          {replayedHere.id === null ? ' Its entry was not recorded.' : ' This is the new entry.'}
        </p>
      )}
      <ErrorMessage error={shown?.error ?? (replay.variables === entry.id ? replay.error : null)} what="replay it" />
      {shown?.data && (
        <ReplayPreview
          request={shown.data}
          sending={replay.isPending}
          onSend={() => replay.mutate(entry.id)}
          onCancel={() => preview.reset()}
        />
      )}
      <DetailTabs tab={tab} onChange={setTab} />
      <div id="detail-panel" role="tabpanel" aria-labelledby={`detail-tab-${tab}`} className="detail-panel">
        <DetailPanel tab={tab} entry={entry} onSelect={select} />
      </div>
    </aside>
  );
}
