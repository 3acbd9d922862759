/**
 * Runs sandboxed in the renderer before the page. Exposes exactly one object, `window.bench`, with
 * the capability-shaped BenchApi; the page never sees ipcRenderer or a raw channel name.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBenchApi, type BenchEvent } from '../shared/api';
import { EVENT_CHANNEL } from '../shared/channels';

const api = createBenchApi({
  invoke: (name, input) => ipcRenderer.invoke(name, input),
  subscribe(listener) {
    const handler = (_event: unknown, payload: BenchEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
});

contextBridge.exposeInMainWorld('bench', api);
