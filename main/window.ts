/** The main window: secure options from app/desktop, navigation and new windows refused, bounds remembered. */
import path from 'node:path';
import { BrowserWindow, screen, shell } from 'electron';
import { secureWindowOptions, isOwnPage } from '../app/desktop/window-options';
import { loadBounds, restoreBounds, saveBounds } from '../app/desktop/window-state';

export function createMainWindow(
  rendererDir: string,
  preloadFile: string,
  dataDir: string,
  isDev: boolean,
): BrowserWindow {
  const areas = screen.getAllDisplays().map((d) => d.workArea);
  const window = new BrowserWindow(secureWindowOptions(preloadFile, restoreBounds(loadBounds(dataDir), areas), isDev));
  const indexUrl = new URL(`file://${path.join(rendererDir, 'index.html')}`).href;
  window.webContents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, indexUrl)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url); // links open in the user's browser
    return { action: 'deny' };
  });
  window.webContents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  window.webContents.session.setPermissionCheckHandler(() => false);
  window.once('ready-to-show', () => window.show());
  window.on('close', () => saveBounds(dataDir, window.getBounds()));
  void window.loadFile(path.join(rendererDir, 'index.html'));
  return window;
}
