/**
 * Binds the engine's commands to IPC. Written against the small part of ipcMain it uses, so it is
 * tested with an in-process stand-in. Every call is checked twice: who sent it (our window, our
 * page), and what it carries (`dispatch` validates against the shared contract).
 */
import { COMMANDS, EVENT_CHANNEL } from '../../shared/channels';
import type { BenchEvent } from '../../shared/api';
import { dispatch, type CommandHandlers } from '../commands';

export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export function bindCommands<E>(
  ipc: IpcMainLike<E>,
  handlers: CommandHandlers,
  isTrusted: (event: E) => boolean,
): () => void {
  for (const name of COMMANDS) {
    ipc.handle(name, (event, input) => {
      if (!isTrusted(event)) throw new Error('Refused: this call did not come from the SCIM Bench window');
      return dispatch(handlers, name, input);
    });
  }
  return () => COMMANDS.forEach((name) => ipc.removeHandler(name));
}

/** Something that can receive pushed events (a webContents). */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, event: BenchEvent): void;
}

export function forwardEvent(target: EventTarget | null, event: BenchEvent): void {
  if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, event);
}
