/**
 * Durations as people write them: a number and a unit (s, min, h). A minutes-only field once made
 * a 10-second backup interval read 0.1666…, which the browser refused, blocking the whole form.
 * Pure, so it is unit-tested.
 */
export const UNITS = { s: 1000, min: 60_000, h: 3_600_000 } as const;
export type Unit = keyof typeof UNITS;

/** The largest unit that shows `ms` as a whole number (seconds when none does). */
export function splitDuration(ms: number): { value: number; unit: Unit } {
  if (ms > 0 && ms % UNITS.h === 0) return { value: ms / UNITS.h, unit: 'h' };
  if (ms > 0 && ms % UNITS.min === 0) return { value: ms / UNITS.min, unit: 'min' };
  return { value: ms / UNITS.s, unit: 's' };
}

/** `10 s`, `5 min`, `1 h 30 min`, `2 min 30 s`. */
export function formatDuration(ms: number): string {
  const h = Math.floor(ms / UNITS.h);
  const min = Math.floor((ms % UNITS.h) / UNITS.min);
  const s = (ms % UNITS.min) / UNITS.s;
  const parts = [h ? `${h} h` : '', min ? `${min} min` : '', s ? `${Number(s.toFixed(3))} s` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : '0 s';
}

/**
 * A duration typed as `value` in `unit`, within `[minMs, maxMs]`: its milliseconds, or what is
 * wrong with it in words.
 */
export function parseDurationField(
  value: string,
  unit: Unit,
  { minMs, maxMs }: { minMs: number; maxMs: number },
): { ms: number } | { error: string } {
  const n = Number(value.trim().replace(',', '.'));
  if (value.trim() === '' || !Number.isFinite(n)) return { error: 'must be a number' };
  const ms = Math.round(n * UNITS[unit]);
  if (ms < minMs) return { error: `must be at least ${formatDuration(minMs)}` };
  if (ms > maxMs) return { error: `must be at most ${formatDuration(maxMs)}` };
  return { ms };
}
