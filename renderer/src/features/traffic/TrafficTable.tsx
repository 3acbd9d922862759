import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useUi } from '../../state/ui-store';
import { useTraffic } from './use-traffic';

const ROW_HEIGHT = 32;

/** The live traffic list, newest first; virtualised so 100,000 rows stay smooth; ↑/↓ move the selection. */
export function TrafficTable({ emptyHint }: { emptyHint: string }) {
  const { entries, error, hasNextPage, fetchNextPage, isFetchingNextPage, isPending } = useTraffic();
  const { selectedId, select } = useUi();
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= entries.length - 20) void fetchNextPage();
  }, [lastIndex, entries.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (error) return <ErrorMessage error={error} what="load traffic" />;
  if (!isPending && entries.length === 0) return <p className="empty">{emptyHint}</p>;

  const move = (delta: number) => {
    const index = Math.max(0, Math.min(entries.length - 1, entries.findIndex((e) => e.id === selectedId) + delta));
    const next = entries[index];
    if (!next) return;
    select(next.id);
    virtual.scrollToIndex(index);
  };

  return (
    <div
      ref={scroller}
      className="rows"
      role="table"
      aria-label="Requests"
      tabIndex={0}
      onKeyDown={(k) => {
        const delta = k.key === 'ArrowDown' ? 1 : k.key === 'ArrowUp' ? -1 : 0;
        if (!delta) return;
        k.preventDefault();
        move(delta);
      }}
    >
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }} role="rowgroup">
        {items.map((item) => {
          const e = entries[item.index]!;
          return (
            <div
              key={e.id}
              role="row"
              aria-selected={e.id === selectedId}
              className={`row status-${Math.floor(e.status / 100)}xx`}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              onClick={() => select(e.id)}
            >
              <span role="cell" className="time">
                {new Date(e.time).toLocaleTimeString()}
              </span>
              <span role="cell" className={`client client-${e.client}`}>
                {e.client}
              </span>
              <span role="cell" className="method">
                {e.method}
              </span>
              <span role="cell" className="path">
                {e.path}
              </span>
              <span role="cell" className="status">
                {e.status}
              </span>
              <span
                role="cell"
                className="deviation"
                title={
                  e.deviations ? `The client strayed from the RFC ${e.deviations} time(s); see the notes` : undefined
                }
              >
                {e.deviations ? '≠RFC' : ''}
              </span>
              <span role="cell" className="duration">
                {e.durationMs.toFixed(1)} ms
              </span>
              <span role="cell" className="sentence">
                {e.sentence}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
