import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { bench } from '../../api/bench';
import { useUi } from '../../state/ui-store';

const ROW_HEIGHT = 32;

/** The live traffic list, newest first; virtualised so thousands of rows stay smooth. */
export function TrafficTable({ emptyHint }: { emptyHint: string }) {
  const { data, error } = useQuery({ queryKey: ['traffic'], queryFn: () => bench.traffic.list({ limit: 200 }) });
  const { selectedId, select, paused, togglePaused } = useUi();
  const client = useQueryClient();
  const scroller = useRef<HTMLDivElement>(null);
  const entries = data?.entries ?? [];
  const virtual = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  if (error)
    return (
      <p role="alert" className="error">
        Could not load traffic: {error.message}
      </p>
    );
  return (
    <section className="traffic" aria-label="Traffic">
      <div className="toolbar">
        <span>{entries.length} requests</span>
        <button
          type="button"
          onClick={() => {
            if (paused) void client.invalidateQueries({ queryKey: ['traffic'] });
            togglePaused();
          }}
        >
          {paused ? 'Resume live' : 'Pause live'}
        </button>
      </div>
      {entries.length === 0 ? (
        <p className="empty">{emptyHint}</p>
      ) : (
        <div ref={scroller} className="rows" role="table" aria-label="Requests">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }} role="rowgroup">
            {virtual.getVirtualItems().map((item) => {
              const e = entries[item.index]!;
              return (
                <div
                  key={e.id}
                  role="row"
                  tabIndex={0}
                  aria-selected={e.id === selectedId}
                  className={`row status-${Math.floor(e.status / 100)}xx`}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => select(e.id)}
                  onKeyDown={(k) => k.key === 'Enter' && select(e.id)}
                >
                  <span role="cell" className="time">
                    {new Date(e.time).toLocaleTimeString()}
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
      )}
    </section>
  );
}
