/** Electron's ipcMain, bound to the engine's commands (app/desktop/ipc-bridge.ts) and the desktop-only ones. */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { bindCommands } from '../app/desktop/ipc-bridge';
import type { CommandHandlers } from '../app/commands';
import { DESKTOP_COMMANDS, type DesktopCommand } from '../shared/ipc-transport';

export function bindIpc(
  handlers: CommandHandlers,
  desktop: Record<DesktopCommand, (input: unknown) => Promise<unknown>>,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  const unbind = bindCommands(ipcMain, handlers, isTrusted);
  for (const name of DESKTOP_COMMANDS) {
    ipcMain.handle(name, (event, input: unknown) => {
      if (!isTrusted(event)) throw new Error('Refused: this call did not come from the SCIM Bench window');
      return desktop[name](input);
    });
  }
  return () => {
    unbind();
    DESKTOP_COMMANDS.forEach((name) => ipcMain.removeHandler(name));
  };
}
