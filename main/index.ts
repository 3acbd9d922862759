/**
 * Electron main: lifecycle, single instance, window, tray, dialogs, and the engine started on
 * userData. Thin by design — the logic lives in app/ (engine, desktop/ models) and is tested there.
 */
import path from 'node:path';
import {
  BrowserWindow,
  Notification,
  app,
  clipboard,
  dialog,
  powerMonitor,
  shell,
  utilityProcess,
  type IpcMainInvokeEvent,
} from 'electron';
import type { ChildLauncher } from '../app/backup/child-launcher';
import { desktopEngineOptions } from '../app/desktop/desktop-options';
import { forwardEvent } from '../app/desktop/ipc-bridge';
import { isOwnPageSender, ownPageUrl } from '../app/desktop/ipc-sender';
import { trayModel, type TrayAction } from '../app/desktop/tray-model';
import { Engine } from '../app/engine';
import { dataFile } from '../app/data-files';
import { fileLog } from '../app/log';
import { loadSettings } from '../app/settings';
import { saveExportAs } from '../app/traffic/export-file';
import { backupBadgeText } from '../shared/backup-text';
import { bindIpc } from './ipc';
import { createTray, toMenu } from './tray';
import { createMainWindow } from './window';

const isDev = !app.isPackaged;
// The data folder can be overridden (tests, portable setups), as `serve --data-dir` can.
if (process.env.SCIM_BENCH_DATA_DIR) app.setPath('userData', process.env.SCIM_BENCH_DATA_DIR);
const rendererDir = path.join(__dirname, '..', 'renderer');
let window: BrowserWindow | null = null;

/** The engine's child processes run as Electron utility processes: no ELECTRON_RUN_AS_NODE (the RunAsNode fuse is off). */
const launchChild: ChildLauncher = (entryFile, events) => {
  const child = utilityProcess.fork(entryFile, [], { serviceName: 'SCIM Bench share I/O', stdio: 'ignore' });
  child.on('message', (message) => events.message(message));
  child.on('error', (type, location) => events.error(new Error(`${type} at ${location}`)));
  child.on('exit', (code) => events.exit(code));
  return { send: (message) => child.postMessage(message), kill: () => void child.kill(), pid: child.pid };
};

if (!app.requestSingleInstanceLock()) app.quit();
else void start();

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = app.getPath('userData');
  const log = fileLog(path.join(dataFile(dataDir, 'logs'), 'main.log'));
  process.on('uncaughtException', (error) => log.error('uncaught', error));
  const saved = loadSettings(dataDir, (message) => log.info(`warning: ${message}`));
  let options;
  try {
    options = desktopEngineOptions(process.argv.slice(1), process.env, saved, dataDir);
  } catch (error) {
    dialog.showErrorBox('SCIM Bench cannot start', (error as Error).message);
    app.exit(2);
    return;
  }
  const engine = await Engine.open({ ...options, launchChild });
  engine.on('error', (error) => log.error('engine', error));
  engine.on('warning', (message) => log.info(`warning: ${message}`));
  const scimUrl = await engine.listen().catch((error: NodeJS.ErrnoException) => {
    dialog.showErrorBox(
      'SCIM Bench cannot start',
      error.code === 'EADDRINUSE'
        ? `Port ${options.port} is in use (is SCIM Bench already running?). Set SCIM_BENCH_PORT to use another.`
        : error.message,
    );
    app.exit(1);
    throw error;
  });
  log.info(`started: ${scimUrl}, data in ${dataDir}`);
  if (engine.restore.restored) log.info(`restored ${engine.restore.restored}`);
  if (engine.restore.conflict) log.info(`backup conflict: ${engine.restore.conflict}`);

  const open = () => {
    if (!window || window.isDestroyed()) {
      window = createMainWindow(rendererDir, path.join(__dirname, 'preload.cjs'), dataDir, isDev);
      window.on('close', (event) => {
        if (!quitting && engine.settings().closeToTray) {
          event.preventDefault(); // stay in the tray
          window?.hide();
        }
      });
    }
    window.show();
    window.focus();
  };
  // Only the main frame of our own window, showing exactly our own page, may call the engine.
  const pageUrl = ownPageUrl(rendererDir);
  const isTrusted = (event: IpcMainInvokeEvent) =>
    isOwnPageSender(event, window && !window.isDestroyed() ? window.webContents : null, pageUrl);
  bindIpc(
    engine.handlers,
    {
      'desktop:choose-folder': async () => {
        const result = await dialog.showOpenDialog(window!, {
          title: 'Choose the backup folder',
          properties: ['openDirectory', 'createDirectory'],
        });
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      'desktop:open-data-folder': async () => void (await shell.openPath(dataDir)),
      'desktop:save-export': (input) =>
        saveExportAs(input, engine.exportTraffic.bind(engine), async (suggestedName) => {
          const result = await dialog.showSaveDialog(window!, {
            title: 'Export traffic',
            defaultPath: path.join(app.getPath('downloads'), suggestedName),
          });
          return result.canceled ? null : (result.filePath ?? null);
        }),
    },
    isTrusted,
  );

  const tray = createTray(path.join(__dirname, '..', '..', 'resources', 'icon.png'));
  const endpointsNow = () => engine.handlers['endpoints:list']();
  const run = async (action: TrayAction) => {
    if (action.do === 'copy-endpoint' || action.do === 'copy-token') {
      const endpoint = (await endpointsNow()).find((e) => e.id === action.endpoint);
      if (endpoint) clipboard.writeText(action.do === 'copy-endpoint' ? endpoint.scimUrl : endpoint.token);
      return;
    }
    if (action.do === 'backup-now') void engine.backup.runNow();
    else if (action.do === 'open') open();
    else if (action.do === 'pause' || action.do === 'resume') {
      engine.paused = action.do === 'pause';
      void refreshTray();
    } else if (action.do === 'pause-faults' || action.do === 'resume-faults')
      await engine.updateSettings({ faultsPaused: action.do === 'pause-faults' }); // announces endpoints:changed
    else app.quit();
  };
  const refreshTray = async () => {
    const backup = engine.backup.getStatus();
    const endpoints = await endpointsNow();
    const items = trayModel({
      backup,
      backupLine: backupBadgeText(backup, Date.now()),
      paused: engine.paused,
      endpoints,
      faultsPaused: engine.settings().faultsPaused,
    });
    const menu = toMenu(items, (action) => void run(action).catch((error: unknown) => log.error('tray', error)));
    tray.setContextMenu(menu);
    if (process.platform === 'darwin') app.dock?.setMenu(menu);
  };
  void refreshTray();
  let lastState = engine.backup.getStatus().state;
  engine.on('event', (event) => {
    forwardEvent(window?.webContents ?? null, event);
    if (event.type === 'endpoints:changed') return void refreshTray();
    if (event.type !== 'backup:status') return;
    void refreshTray();
    const failed =
      (event.payload.state === 'error' || event.payload.state === 'offline') && lastState !== event.payload.state;
    if (failed && engine.settings().notifyOnBackupFailure && Notification.isSupported())
      new Notification({
        title: 'SCIM Bench backup failed',
        body: event.payload.lastError ?? 'See the Backup screen.',
      }).show();
    lastState = event.payload.state;
  });

  app.on('second-instance', open);
  app.on('window-all-closed', () => undefined); // the tray keeps the app alive
  // Quit as a supervisor: hold the quit until the engine has made its final backup (bounded).
  let quitting = false;
  const finish = async () => {
    if (quitting) return;
    quitting = true;
    log.info('stopping');
    await engine.close(10_000).catch((error: unknown) => log.error('close', error));
    app.exit(0);
  };
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    void finish();
  });
  // Windows shutdown/log-off skips before-quit: session-end on the window; powerMonitor elsewhere.
  app.on('browser-window-created', (_event, created) => created.on('session-end', () => void finish()));
  powerMonitor.on('shutdown', () => void finish());
  open();
}
