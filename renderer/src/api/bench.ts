/**
 * The one BenchApi the UI uses: `window.bench` from Electron's preload (IPC) when present,
 * otherwise the HTTP console API of `serve`. The UI cannot tell them apart.
 */
import { createBenchApi, type BenchApi } from '../../../shared/api';
import type { DesktopApi } from '../../../shared/ipc-transport';
import { takeConsoleSession } from './console-session';
import { httpTransport } from './http-transport';

declare global {
  interface Window {
    /** Set by the desktop app's preload: BenchApi over IPC, plus native dialogs. */
    bench?: BenchApi & { desktop?: DesktopApi };
  }
}

export const bench: BenchApi = window.bench ?? createBenchApi(httpTransport('', { session: takeConsoleSession() }));
