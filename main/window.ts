/** The main window, with every security setting written out even where it is Electron's default. */
import path from 'node:path';
import { BrowserWindow, shell } from 'electron';

export function createMainWindow(rendererDir: string, preloadFile: string, isDev: boolean): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'SCIM Bench',
    show: false,
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: isDev,
    },
  });
  const indexUrl = new URL(`file://${path.join(rendererDir, 'index.html')}`).href;
  // No navigation away from our page, no new windows; links open in the user's browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== indexUrl) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  window.once('ready-to-show', () => window.show());
  void window.loadFile(path.join(rendererDir, 'index.html'));
  return window;
}
