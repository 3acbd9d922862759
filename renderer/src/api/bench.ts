/**
 * Which BenchApi the console gets: `window.bench` from Electron's preload (IPC) when present,
 * otherwise the HTTP console API of `serve`. Only the root calls this; screens use bench-context.
 */
import { createBenchApi, type BenchApi } from '../../../shared/api';
import type { DesktopApi } from '../../../shared/ipc-transport';
import type { ConsoleBench } from './bench-context';
import { ConnectionWatch } from './connection';
import { storedConsoleSession, takeConsoleSession } from './console-session';
import { httpTransport } from './http-transport';

declare global {
  interface Window {
    /** Set by the desktop app's preload: BenchApi over IPC, plus native dialogs. */
    bench?: BenchApi & { desktop?: DesktopApi };
  }
}

export function connectBench(): ConsoleBench {
  if (window.bench) return { api: window.bench, desktop: window.bench.desktop ?? null, connection: null };
  const connection = new ConnectionWatch();
  takeConsoleSession();
  const api = createBenchApi(httpTransport('', { session: storedConsoleSession, connection }));
  return { api, desktop: null, connection };
}
