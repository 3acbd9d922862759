/** UI-only state (screen, selection, filters, pause, theme); server data lives in React Query. */
import { create } from 'zustand';
import type { TrafficFilter } from '../../../shared/types';

export const SCREENS = ['traffic', 'activity', 'directory', 'backup', 'connect', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];
export type Theme = 'system' | 'light' | 'dark';

const screenFromHash = (): Screen => {
  const name = location.hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'traffic';
};

interface UiState {
  screen: Screen;
  selectedId: number | null;
  paused: boolean;
  filter: TrafficFilter;
  theme: Theme;
  go(screen: Screen): void;
  select(id: number | null): void;
  togglePaused(): void;
  setFilter(patch: Partial<TrafficFilter>): void;
  setTheme(theme: Theme): void;
}

export const useUi = create<UiState>((set) => ({
  screen: screenFromHash(),
  selectedId: null,
  paused: false,
  filter: {},
  theme: (localStorage.getItem('scim-bench-theme') as Theme | null) ?? 'system',
  go: (screen) => {
    history.replaceState(null, '', `#/${screen}`);
    set({ screen });
  },
  select: (selectedId) => set({ selectedId }),
  togglePaused: () => set((s) => ({ paused: !s.paused })),
  setFilter: (patch) =>
    set((s) => {
      const filter: TrafficFilter = { ...s.filter, ...patch };
      for (const key of Object.keys(filter) as (keyof TrafficFilter)[])
        if (filter[key] === undefined || filter[key] === '') delete filter[key];
      return { filter };
    }),
  setTheme: (theme) => {
    localStorage.setItem('scim-bench-theme', theme);
    set({ theme });
  },
}));

export const hasFilter = (filter: TrafficFilter) => Object.keys(filter).length > 0;
