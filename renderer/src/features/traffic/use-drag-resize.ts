/**
 * A separator that resizes something: dragged with the pointer, or moved with ←/→ when focused
 * (a focusable separator, as ARIA describes one, with its value). The caller keeps the size.
 */
import type { KeyboardEvent, PointerEvent } from 'react';

export interface Resizer {
  /** The size now, and its bounds. */
  value: number;
  min: number;
  max: number;
  /** How much one arrow key moves it. */
  step: number;
  /** Units of the value per pixel dragged (1 for pixels; 100 / width for a percentage), given the separator. */
  perPixel: (separator: HTMLElement) => number;
  onChange(value: number): void;
}

/** Props for the separator element. */
export function separatorProps(label: string, r: Resizer) {
  const clamp = (v: number) => Math.round(Math.min(r.max, Math.max(r.min, v)));
  return {
    role: 'separator',
    'aria-orientation': 'vertical' as const,
    'aria-label': label,
    'aria-valuenow': r.value,
    'aria-valuemin': r.min,
    'aria-valuemax': r.max,
    tabIndex: 0,
    onKeyDown: (e: KeyboardEvent) => {
      const delta = e.key === 'ArrowLeft' ? -r.step : e.key === 'ArrowRight' ? r.step : 0;
      if (!delta) return;
      e.preventDefault();
      e.stopPropagation();
      r.onChange(clamp(r.value + delta));
    },
    onPointerDown: (e: PointerEvent<HTMLElement>) => {
      e.preventDefault();
      const target = e.currentTarget;
      const startX = e.clientX;
      const start = r.value;
      const scale = r.perPixel(target);
      target.setPointerCapture(e.pointerId);
      const move = (m: globalThis.PointerEvent) => r.onChange(clamp(start + (m.clientX - startX) * scale));
      const up = () => {
        target.removeEventListener('pointermove', move);
        target.removeEventListener('pointerup', up);
      };
      target.addEventListener('pointermove', move);
      target.addEventListener('pointerup', up);
    },
    onClick: (e: { stopPropagation(): void }) => e.stopPropagation(),
  };
}

/** A value kept (as JSON) in localStorage under `key`, or `fallback`. */
export function stored<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}
