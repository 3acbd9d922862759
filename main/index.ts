/**
 * Electron main: lifecycle, single instance, window, tray, and the engine started on userData.
 * Thin by design — the logic lives in app/.
 */
import path from 'node:path';
import { app, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { Engine } from '../app/engine';
import { DEFAULT_BACKUP_INTERVAL_MS, DEFAULT_PORT } from '../app/config';
import { bindIpc, forwardEvents } from './ipc';
import { buildMenu, createTray, trayMenu } from './tray';
import { createMainWindow } from './window';

const isDev = !app.isPackaged;
const rendererDir = path.join(__dirname, '..', 'renderer');
let window: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) app.quit();
else void start();

async function start(): Promise<void> {
  await app.whenReady();
  const engine = await Engine.open({
    dataDir: app.getPath('userData'),
    port: Number(process.env.SCIM_BENCH_PORT ?? DEFAULT_PORT),
    host: process.env.SCIM_BENCH_HOST ?? '127.0.0.1',
    token: process.env.SCIM_BENCH_TOKEN ?? null,
    backupDir: process.env.SCIM_BENCH_BACKUP_DIR ?? null,
    backupIntervalMs: DEFAULT_BACKUP_INTERVAL_MS,
  });
  engine.on('error', (error) => console.error(error));
  const scimUrl = await engine.listen();

  const open = () => {
    if (!window || window.isDestroyed())
      window = createMainWindow(rendererDir, path.join(__dirname, 'preload.cjs'), isDev);
    window.show();
    window.focus();
  };
  const isTrusted = (event: IpcMainInvokeEvent) =>
    !!window && event.sender === window.webContents && (event.senderFrame?.url ?? '').startsWith('file://');
  bindIpc(engine.handlers, isTrusted);

  const tray = createTray(path.join(__dirname, '..', '..', 'resources', 'icon.png'));
  const refreshTray = () =>
    tray.setContextMenu(
      buildMenu(
        trayMenu(engine.backup.getStatus(), scimUrl, engine.token, {
          open,
          backupNow: () => void engine.backup.runNow(),
          quit: () => app.quit(),
        }),
      ),
    );
  refreshTray();
  engine.on('event', (event) => {
    if (window) forwardEvents(window, event);
    if (event.type === 'backup:status') refreshTray();
  });

  app.on('second-instance', open);
  app.on('window-all-closed', () => undefined); // stay in the tray
  // Quit as a supervisor: hold the quit until the engine has made its final backup (bounded).
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    event.preventDefault();
    closing = true;
    void engine.close(10_000).finally(() => app.exit(0));
  });
  open();
}
