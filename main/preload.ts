/**
 * Runs sandboxed in the renderer before the page. Exposes exactly one object, `window.bench`: the
 * capability-shaped BenchApi plus the desktop extras; the page never sees ipcRenderer or a raw
 * channel name.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBenchApi } from '../shared/api';
import { ipcTransport, type DesktopApi } from '../shared/ipc-transport';

const desktop: DesktopApi = {
  chooseFolder: () => ipcRenderer.invoke('desktop:choose-folder') as Promise<string | null>,
  openDataFolder: () => ipcRenderer.invoke('desktop:open-data-folder') as Promise<void>,
  saveExport: (format, filter) =>
    ipcRenderer.invoke('desktop:save-export', { format, filter }) as ReturnType<DesktopApi['saveExport']>,
};

contextBridge.exposeInMainWorld('bench', { ...createBenchApi(ipcTransport(ipcRenderer)), desktop });
