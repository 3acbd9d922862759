import { useRef, useState } from 'react';
import { TrafficDetail } from './TrafficDetail';
import { TrafficFilters } from './TrafficFilters';
import { TrafficTable } from './TrafficTable';
import { separatorProps, stored } from './use-drag-resize';
import { useEngineFilter } from './use-traffic';
import './traffic-screen.css';

const SPLIT_KEY = 'scim-bench-traffic-split';

/**
 * The list and the detail side by side, the split dragged where the user wants it (remembered).
 * Enter in the list moves to the detail; Esc in the detail goes back to the list.
 */
export function TrafficScreen({ scimUrl }: { scimUrl: string | undefined }) {
  const filter = useEngineFilter();
  const grid = useRef<HTMLDivElement>(null);
  const detail = useRef<HTMLDivElement>(null);
  const [split, setSplit] = useState(() => stored(SPLIT_KEY, 60));
  return (
    <div className="traffic-split" style={{ gridTemplateColumns: `${split}fr 6px ${100 - split}fr` }}>
      <section className="traffic" aria-label="Traffic">
        <TrafficFilters filter={filter} />
        <TrafficTable
          filter={filter}
          gridRef={grid}
          onOpen={() => detail.current?.focus()}
          emptyHint={`No traffic yet — point Entra or Okta at ${scimUrl ?? 'the SCIM endpoint'} with the token from Connect, or send a request with curl.`}
        />
      </section>
      <div
        className="traffic-split-handle"
        {...separatorProps('Resize the list and the detail', {
          value: split,
          min: 25,
          max: 80,
          step: 2,
          perPixel: (handle) => 100 / (handle.parentElement?.clientWidth || 1),
          onChange: (value) => {
            setSplit(value);
            localStorage.setItem(SPLIT_KEY, JSON.stringify(value));
          },
        })}
      />
      <div
        ref={detail}
        className="traffic-detail-pane"
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.preventDefault();
          grid.current?.focus();
        }}
      >
        <TrafficDetail />
      </div>
    </div>
  );
}
