/**
 * The traffic table's columns. Widths are the user's (dragged, remembered in localStorage), but
 * never below what a column's values need: a method or a status is never cut off.
 */
import { useState } from 'react';
import { stored } from './use-drag-resize';

export const COLUMNS = [
  { id: 'time', label: 'Time', width: 100, min: 96 },
  { id: 'client', label: 'Client', width: 56, min: 48 },
  { id: 'method', label: 'Method', width: 68, min: 66 }, // DELETE, bold
  { id: 'target', label: 'Request', width: 220, min: 80 },
  { id: 'status', label: 'Status', width: 48, min: 46 },
  { id: 'rfc', label: 'RFC', width: 44, min: 40 },
  { id: 'duration', label: 'Duration', width: 72, min: 64 },
  { id: 'sentence', label: 'What happened', width: 0, min: 120 }, // the rest
] as const;

export type ColumnId = (typeof COLUMNS)[number]['id'];
export type Widths = Partial<Record<ColumnId, number>>;

const KEY = 'scim-bench-traffic-columns';
export const MAX_WIDTH = 1200;

export const widthOf = (widths: Widths, column: (typeof COLUMNS)[number]) =>
  Math.min(MAX_WIDTH, Math.max(column.min, widths[column.id] ?? column.width));

/** `grid-template-columns` for the widths; the last column takes what is left. */
export const template = (widths: Widths) =>
  COLUMNS.map((c) => (c.width ? `${widthOf(widths, c)}px` : `minmax(${c.min}px, 1fr)`)).join(' ');

/** The narrowest the table can be: below it, it scrolls sideways. */
export const minTableWidth = (widths: Widths) =>
  COLUMNS.reduce((sum, c) => sum + (c.width ? widthOf(widths, c) : c.min) + 8, 24);

/** Column widths, remembered. */
export function useColumnWidths() {
  const [widths, setWidths] = useState<Widths>(() => stored<Widths>(KEY, {}));
  const resize = (id: ColumnId, width: number) =>
    setWidths((w) => {
      const next = { ...w, [id]: width };
      localStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  return { widths, resize };
}
