/**
 * BenchApi over IPC. The handlers are the engine's; this file only checks who is asking (the
 * sender must be our own window showing our own page) and hands the untrusted input to `dispatch`,
 * which validates it against the shared contract.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { dispatch, type CommandHandlers } from '../app/commands';
import type { BenchEvent } from '../shared/api';
import { COMMANDS, EVENT_CHANNEL } from '../shared/channels';

export function bindIpc(
  handlers: CommandHandlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const name of COMMANDS) {
    ipcMain.handle(name, (event, input: unknown) => {
      if (!isTrustedSender(event)) throw new Error('Refused: this IPC call did not come from the SCIM Bench window');
      return dispatch(handlers, name, input);
    });
  }
  return () => COMMANDS.forEach((name) => ipcMain.removeHandler(name));
}

export function forwardEvents(window: BrowserWindow, event: BenchEvent): void {
  if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
}
