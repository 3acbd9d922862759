import { useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import type { TrafficFilter, TrafficSummary } from '../../../../shared/types';
import { queryKeys } from '../../api/query-keys';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Onboarding } from '../../components/Onboarding';
import { useEndpointNames } from '../endpoints/use-endpoints';
import { CATCH_UP_LIMIT } from '../../state/live-events';
import { hasFilter, useUi } from '../../state/ui-store';
import { clockTime, fullTime } from './format-time';
import { COLUMNS, MAX_WIDTH, minTableWidth, template, useColumnWidths, widthOf } from './traffic-columns';
import { separatorProps } from './use-drag-resize';
import { listLength, useTrafficHead, useTrafficRows, useTrafficStats } from './use-traffic';
import './traffic-table.css';

const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 32;

/** The request target as a person reads it: the path as received, the query decoded. */
function target(e: TrafficSummary): string {
  if (!e.query) return e.path;
  try {
    return `${e.path}?${decodeURIComponent(e.query.replace(/\+/g, ' '))}`;
  } catch {
    return `${e.path}?${e.query}`;
  }
}

interface Props {
  filter: TrafficFilter;
  gridRef: RefObject<HTMLDivElement | null>;
  /** Enter: show the selected request's detail. */
  onOpen(): void;
  emptyHint: string;
}

/**
 * The whole log, newest first, virtualised: every entry is one scroll away, pages are fetched
 * where the scrollbar is. A grid: j/k or ↑/↓ move the selection and keep it in view, Home/End
 * jump, Page Up/Down move a screen, Enter opens the detail.
 */
export function TrafficTable({ filter, gridRef, onOpen, emptyHint }: Props) {
  const client = useQueryClient();
  const head = useTrafficHead(filter);
  const { data: stats } = useTrafficStats(filter, head.data);
  const userFilter = useUi((s) => s.filter);
  const clearFilters = useUi((s) => s.clearFilters);
  const selectedId = useUi((s) => s.selectedId);
  const select = useUi((s) => s.select);
  const timeZone = useUi((s) => s.timeZone);
  const { widths, resize } = useColumnWidths();
  const names = useEndpointNames(filter);
  const count = head.data ? listLength(head.data, stats) : 0;
  const virtual = useVirtualizer({
    count,
    getScrollElement: () => gridRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtual.getVirtualItems();
  const rowAt = useTrafficRows(filter, head.data, items[0]?.index ?? 0, items.at(-1)?.index ?? 0);

  // Where the keyboard moved to, as an index: a row far down (End) may still be loading.
  const [pending, setPending] = useState<number | null>(null);
  const lastIndex = useRef(0);
  const arrived = pending === null ? undefined : rowAt(pending);
  useEffect(() => {
    if (!arrived) return;
    select(arrived.id);
    setPending(null);
  }, [arrived, select]);

  // New rows above: everything below moves down by as many, and so does the view (unless it is
  // at the top, watching them arrive).
  const fresh = head.data?.fresh.length ?? 0;
  const seen = useRef({ base: head.data?.base, fresh });
  useLayoutEffect(() => {
    const before = seen.current;
    seen.current = { base: head.data?.base, fresh };
    const added = before.base === head.data?.base ? fresh - before.fresh : 0;
    if (added <= 0) return;
    lastIndex.current += added;
    const grid = gridRef.current;
    if (grid && grid.scrollTop > 0) grid.scrollTop += added * ROW_HEIGHT;
  }, [head.data?.base, fresh, gridRef]);

  // Many rows added live while watching the top: read the list again (positions stay the same).
  const atTop = (virtual.scrollOffset ?? 0) <= 0;
  useEffect(() => {
    if (fresh > CATCH_UP_LIMIT && atTop)
      void client.invalidateQueries({ queryKey: queryKeys.traffic(filter), exact: true });
  }, [fresh, atTop, client, filter]);

  if (head.error) return <ErrorMessage error={head.error} what="load traffic" />;
  if (head.data && count === 0)
    return hasFilter(userFilter) ? (
      <p className="empty" role="status">
        No requests match these filters ·{' '}
        <button type="button" className="link" onClick={clearFilters}>
          Clear filters
        </button>
      </p>
    ) : (
      <>
        <Onboarding />
        <p className="empty">{emptyHint}</p>
      </>
    );

  const move = (to: number) => {
    const index = Math.max(0, Math.min(count - 1, to));
    lastIndex.current = index;
    setPending(index);
    virtual.scrollToIndex(index, { align: 'auto' });
  };
  /** The selected row's index: on screen, among the newest, or where the keyboard last left it. */
  const current = () => {
    if (selectedId === null) return null;
    const shown = items.find((item) => rowAt(item.index)?.id === selectedId);
    if (shown) return shown.index;
    const newest = [...(head.data?.fresh ?? []), ...(head.data?.first ?? [])].findIndex((e) => e.id === selectedId);
    return newest >= 0 ? newest : lastIndex.current;
  };
  const onKey = (k: React.KeyboardEvent) => {
    const at = current();
    const page = Math.max(1, Math.floor((gridRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 1);
    const steps: Record<string, () => void> = {
      ArrowDown: () => move(at === null ? 0 : at + 1),
      j: () => move(at === null ? 0 : at + 1),
      ArrowUp: () => move(at === null ? 0 : at - 1),
      k: () => move(at === null ? 0 : at - 1),
      PageDown: () => move((at ?? 0) + page),
      PageUp: () => move((at ?? 0) - page),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => selectedId !== null && onOpen(),
    };
    const step = k.ctrlKey || k.metaKey || k.altKey ? undefined : steps[k.key];
    if (!step) return;
    k.preventDefault();
    step();
  };

  const style = { '--traffic-columns': template(widths), minWidth: minTableWidth(widths) } as CSSProperties;
  const selectedRow = items.find((item) => rowAt(item.index)?.id === selectedId);
  return (
    <div
      ref={gridRef}
      className="traffic-grid"
      role="grid"
      aria-label="Requests"
      aria-rowcount={count + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={selectedRow ? `traffic-row-${selectedId}` : undefined}
      aria-busy={head.isPending}
      tabIndex={0}
      onKeyDown={onKey}
    >
      <div className="traffic-head" role="row" aria-rowindex={1} style={style}>
        {COLUMNS.map((c) => (
          <div
            key={c.id}
            role="columnheader"
            aria-label={c.label} // its name, without the resize handle's
            className={`cell ${c.id}`}
            title={c.id === 'rfc' ? 'Strayed from the RFC' : undefined}
          >
            {c.label}
            {c.width > 0 && (
              <span
                className="resize"
                {...separatorProps(`Resize the ${c.label} column`, {
                  value: widthOf(widths, c),
                  min: c.min,
                  max: MAX_WIDTH,
                  step: 8,
                  perPixel: () => 1,
                  onChange: (w) => resize(c.id, w),
                })}
              />
            )}
          </div>
        ))}
      </div>
      <div className="traffic-body" role="rowgroup" style={{ height: virtual.getTotalSize(), ...style }}>
        {items.map((item) => {
          const e = rowAt(item.index);
          const top = { transform: `translateY(${item.start - HEADER_HEIGHT}px)`, height: ROW_HEIGHT };
          if (!e)
            return (
              <div
                key={`at-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                className="traffic-row loading"
                style={top}
              >
                <span role="gridcell">Loading…</span>
              </div>
            );
          return (
            <div
              key={e.id}
              id={`traffic-row-${e.id}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={e.id === selectedId}
              className={`traffic-row status-${Math.floor(e.status / 100)}xx`}
              style={top}
              onClick={() => {
                lastIndex.current = item.index;
                setPending(null);
                select(e.id);
                gridRef.current?.focus({ preventScroll: true });
              }}
            >
              <span role="gridcell" className="cell time" title={fullTime(e.time, timeZone)}>
                {clockTime(e.time, timeZone)}
              </span>
              <span role="gridcell" className={`cell client client-${e.client}`}>
                {e.client}
              </span>
              <span role="gridcell" className="cell method">
                {e.method}
              </span>
              <span role="gridcell" className="cell target" title={`${e.path}${e.query ? `?${e.query}` : ''}`}>
                {target(e)}
              </span>
              <span
                role="gridcell"
                className="cell status"
                title={e.status === 0 ? 'No answer: the connection was reset or held open' : undefined}
              >
                {e.status === 0 ? '—' : e.status}
              </span>
              <span
                role="gridcell"
                className="cell rfc"
                title={
                  e.deviations ? `The client strayed from the RFC ${e.deviations} time(s); see the notes` : undefined
                }
              >
                {e.deviations ? '≠RFC' : ''}
              </span>
              <span role="gridcell" className="cell duration">
                {e.durationMs.toFixed(1)} ms
              </span>
              <span role="gridcell" className="cell sentence">
                {names && <span className="endpoint-tag">{names.get(e.endpoint) ?? e.endpoint}</span>}
                {e.fault && (
                  <span className="fault-tag" title={`Fault rule "${e.fault.ruleName}": ${e.fault.did}`}>
                    fault
                  </span>
                )}
                {e.reaction && e.reaction.attempt > 1 && (
                  <span className="attempt-tag" title="The client's further attempt of a faulted request">
                    attempt {e.reaction.attempt}
                  </span>
                )}
                {e.sentence}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
