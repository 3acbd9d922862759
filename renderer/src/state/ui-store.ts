/**
 * UI-only state (screen, selection, filters, pause, theme, time zone); server data lives in React
 * Query. The Traffic filters live in the address (`#/traffic?…`, see traffic-url.ts): set here,
 * they are written there; a link opened or pasted there is read back.
 */
import { create } from 'zustand';
import { DEFAULT_ENDPOINT_ID } from '../../../shared/endpoints';
import type { TrafficFilter } from '../../../shared/types';
import { parseView, viewSearch, type TrafficView } from './traffic-url';

export const SCREENS = [
  'traffic',
  'activity',
  'directory',
  'endpoints',
  'faults',
  'backup',
  'connect',
  'check',
  'settings',
] as const;
export type Screen = (typeof SCREENS)[number];
export type Theme = 'system' | 'light' | 'dark';
/** How times are shown: the browser's zone, or UTC (Entra's provisioning logs are in UTC). */
export type TimeZone = 'local' | 'utc';

/** `#/traffic?status=4xx` → the screen and the Traffic view. */
function fromHash(hash: string): { screen: Screen; view: TrafficView } {
  const [name = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const screen = (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'traffic';
  return { screen, view: parseView(search) };
}

function hashFor(screen: Screen, view: TrafficView): string {
  const search = screen === 'traffic' ? viewSearch(view) : '';
  return `#/${screen}${search ? `?${search}` : ''}`;
}

interface UiState extends TrafficView {
  screen: Screen;
  selectedId: number | null;
  paused: boolean;
  /** While paused: how many matching requests arrived since (null when not counted yet). */
  newWhilePaused: number | null;
  theme: Theme;
  timeZone: TimeZone;
  /** The endpoint Directory, Connect and the Endpoints editors work on (its id; remembered). */
  endpoint: string;
  go(screen: Screen): void;
  selectEndpoint(id: string): void;
  select(id: number | null): void;
  togglePaused(): void;
  setFilter(patch: Partial<TrafficFilter>): void;
  clearFilters(): void;
  setShowConsole(show: boolean): void;
  setTheme(theme: Theme): void;
  setTimeZone(zone: TimeZone): void;
}

const initial = fromHash(location.hash);
const ENDPOINT_KEY = 'scim-bench-endpoint';

export const useUi = create<UiState>((set, get) => {
  /** Applies a new view and writes it to the address (replacing, so Back leaves the screen). */
  const show = (view: TrafficView) => {
    set(view);
    // The address already says it (`#/traffic`, or no hash at all: the default view): left alone.
    const now = fromHash(location.hash);
    if (now.screen === get().screen && viewSearch(now.view) === viewSearch(view)) return;
    history.replaceState(null, '', hashFor(get().screen, view));
  };
  return {
    screen: initial.screen,
    ...initial.view,
    selectedId: null,
    paused: false,
    newWhilePaused: null,
    theme: (localStorage.getItem('scim-bench-theme') as Theme | null) ?? 'system',
    timeZone: localStorage.getItem('scim-bench-time-zone') === 'utc' ? 'utc' : 'local',
    endpoint: localStorage.getItem(ENDPOINT_KEY) ?? DEFAULT_ENDPOINT_ID,
    go: (screen) => {
      set({ screen });
      history.replaceState(null, '', hashFor(screen, get()));
    },
    select: (selectedId) => set({ selectedId }),
    selectEndpoint: (endpoint) => {
      localStorage.setItem(ENDPOINT_KEY, endpoint);
      set({ endpoint });
    },
    togglePaused: () => set((s) => ({ paused: !s.paused, newWhilePaused: null })),
    setFilter: (patch) => {
      const filter: TrafficFilter = { ...get().filter, ...patch };
      for (const key of Object.keys(filter) as (keyof TrafficFilter)[])
        if (filter[key] === undefined || filter[key] === '') delete filter[key];
      show({ filter, showConsole: get().showConsole });
    },
    clearFilters: () => show({ filter: {}, showConsole: get().showConsole }),
    setShowConsole: (showConsole) => show({ filter: get().filter, showConsole }),
    setTheme: (theme) => {
      localStorage.setItem('scim-bench-theme', theme);
      set({ theme });
    },
    setTimeZone: (timeZone) => {
      localStorage.setItem('scim-bench-time-zone', timeZone);
      set({ timeZone });
    },
  };
});

// A link followed or typed into the address bar: the screen and filters it names.
addEventListener('hashchange', () => {
  const { screen, view } = fromHash(location.hash);
  const current = useUi.getState();
  if (screen !== current.screen) useUi.setState({ screen });
  if (viewSearch(view) !== viewSearch(current)) useUi.setState(view);
});

export const hasFilter = (filter: TrafficFilter) => Object.keys(filter).length > 0;
