/**
 * Names of everything that crosses from the console to the engine. The IPC allow-list, the HTTP
 * console routes and the preload are all derived from these two lists; nothing else names a channel.
 */

/** Request/response commands (`ipcRenderer.invoke`, `POST /api/<domain>/<action>`). */
export const COMMANDS = [
  'info:get',
  'traffic:list',
  'traffic:get',
  'traffic:stats',
  'traffic:clear',
  'traffic:curl',
  'traffic:replay-preview',
  'traffic:replay',
  'backup:get-status',
  'backup:run-now',
  'backup:list',
  'backup:restore',
  'backup:check-folder',
  'backup:new-set',
  'activity:cycles',
  'faults:summary',
  'check:run',
  'check:cancel',
  'auth:rotate-token',
  'console:rotate-key',
  'settings:get',
  'settings:update',
  'connect:test',
  'scim:request',
  'endpoints:list',
  'endpoints:create',
  'endpoints:update',
  'endpoints:reset',
  'endpoints:delete',
] as const;

/** Pushed events (`webContents.send`, server-sent events). */
export const EVENTS = ['traffic:new', 'backup:status', 'traffic:resync', 'endpoints:changed', 'check:step'] as const;

export type CommandName = (typeof COMMANDS)[number];
export type EventName = (typeof EVENTS)[number];

export const isCommandName = (value: unknown): value is CommandName =>
  typeof value === 'string' && (COMMANDS as readonly string[]).includes(value);

/** `traffic:list` → `/api/traffic/list`. */
export const commandPath = (name: CommandName): string => `/api/${name.replace(':', '/')}`;

/** The one IPC channel that carries every pushed event. */
export const EVENT_CHANNEL = 'bench:event';
