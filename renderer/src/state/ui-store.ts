/** UI-only state (what is selected, whether the live view is paused); server data lives in React Query. */
import { create } from 'zustand';

interface UiState {
  selectedId: number | null;
  paused: boolean;
  select(id: number | null): void;
  togglePaused(): void;
}

export const useUi = create<UiState>((set) => ({
  selectedId: null,
  paused: false,
  select: (selectedId) => set({ selectedId }),
  togglePaused: () => set((s) => ({ paused: !s.paused })),
}));
