/**
 * BenchApi over Electron IPC, for the preload. Written against the small part of ipcRenderer it
 * uses, so the contract tests can run it against an in-process stand-in (there is no Electron
 * runtime on the build machines).
 */
import type { BenchEvent, Transport } from './api';
import type { ExportFormat, TrafficFilter } from './types';
import { EVENT_CHANNEL } from './channels';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: BenchEvent) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: BenchEvent) => void): unknown;
}

export function ipcTransport(ipc: IpcRendererLike): Transport {
  return {
    invoke: (name, input) => ipc.invoke(name, input) as never,
    subscribe(listener) {
      const handler = (_event: unknown, payload: BenchEvent) => listener(payload);
      ipc.on(EVENT_CHANNEL, handler);
      return () => void ipc.removeListener(EVENT_CHANNEL, handler);
    },
  };
}

/** Commands only the desktop shell answers (native dialogs, the OS file manager). */
export const DESKTOP_COMMANDS = ['desktop:choose-folder', 'desktop:open-data-folder', 'desktop:save-export'] as const;
export type DesktopCommand = (typeof DESKTOP_COMMANDS)[number];

/** What the preload adds next to BenchApi in the desktop app. */
export interface DesktopApi {
  /** The native folder picker; resolves with the chosen path, or null when cancelled. */
  chooseFolder(): Promise<string | null>;
  openDataFolder(): Promise<void>;
  /**
   * The native save dialog, then the export streamed to the chosen file; resolves with where it
   * went and its size, or null when cancelled.
   */
  saveExport(format: ExportFormat, filter: TrafficFilter): Promise<{ file: string; bytes: number } | null>;
}
