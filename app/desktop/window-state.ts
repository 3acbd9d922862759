/** Window bounds remembered between launches, kept on a screen that still exists. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dataFile } from '../data-files';

export interface Bounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

const DEFAULT: Bounds = { width: 1280, height: 800 };

/** Saved bounds when at least 100×100 px of them is visible on one of `areas`; else the default size, centred. */
export function restoreBounds(saved: Bounds | null, areas: Area[]): Bounds {
  if (!saved || saved.x === undefined || saved.y === undefined)
    return saved ? { width: saved.width, height: saved.height } : DEFAULT;
  const visible = areas.some((a) => {
    const w = Math.min(saved.x! + saved.width, a.x + a.width) - Math.max(saved.x!, a.x);
    const h = Math.min(saved.y! + saved.height, a.y + a.height) - Math.max(saved.y!, a.y);
    return w >= 100 && h >= 100;
  });
  return visible ? saved : { width: Math.max(640, saved.width), height: Math.max(480, saved.height) };
}

export function loadBounds(dir: string): Bounds | null {
  const file = dataFile(dir, 'windowState');
  try {
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Bounds) : null;
  } catch {
    return null;
  }
}

export function saveBounds(dir: string, bounds: Bounds): void {
  writeFileSync(dataFile(dir, 'windowState'), JSON.stringify(bounds));
}
