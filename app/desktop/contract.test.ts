/**
 * One contract, two transports: the same suite runs against the HTTP console of `serve` (real HTTP
 * and server-sent events on loopback) and against IPC. IPC runs over an in-process stand-in for
 * ipcMain/ipcRenderer — the one stand-in in these tests, because no Electron runtime can be
 * installed on these machines; the code on both sides of it is the real preload transport
 * (shared/ipc-transport.ts) and the real main-side binding (app/desktop/ipc-bridge.ts).
 */
import { EventEmitter } from 'node:events';
import { EventSource } from 'eventsource';
import { describe, expect, it } from 'vitest';
import { createBenchApi, type BenchApi, type BenchEvent } from '../../shared/api';
import { ipcTransport } from '../../shared/ipc-transport';
import { httpTransport } from '../../renderer/src/api/http-transport';
import { CONSOLE_KEY, startBench, startConsole } from '../test/bench-harness';
import type { Engine } from '../engine';
import { bindCommands, forwardEvent } from './ipc-bridge';

type Harness = {
  api: BenchApi;
  engine: Engine;
  scim: (p: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;
};

async function overHttp(): Promise<Harness> {
  const bench = await startConsole();
  const api = createBenchApi(
    httpTransport(bench.base, { headers: { 'X-Console-Key': CONSOLE_KEY }, EventSource: EventSource as never }),
  );
  return { api, engine: bench.engine, scim: bench.scim };
}

/** ipcMain and ipcRenderer joined in one process: invoke → handle, send → on. */
function ipcPair() {
  const handlers = new Map<string, (event: { sender: string }, ...args: unknown[]) => unknown>();
  const renderer = new EventEmitter();
  const main = {
    handle: (channel: string, fn: (event: { sender: string }, ...args: unknown[]) => unknown) =>
      void handlers.set(channel, fn),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const ipcRenderer = {
    // Structured clone, as Electron does: no functions or prototypes cross.
    invoke: async (channel: string, ...args: unknown[]) =>
      structuredClone(await handlers.get(channel)!({ sender: 'our-window' }, ...structuredClone(args))),
    on: (channel: string, fn: (event: unknown, payload: BenchEvent) => void) => renderer.on(channel, fn),
    removeListener: (channel: string, fn: (event: unknown, payload: BenchEvent) => void) => renderer.off(channel, fn),
  };
  const webContents = {
    isDestroyed: () => false,
    send: (channel: string, event: BenchEvent) => void renderer.emit(channel, {}, structuredClone(event)),
  };
  return { main, ipcRenderer, webContents };
}

async function overIpc(): Promise<Harness> {
  const bench = await startBench();
  const { main, ipcRenderer, webContents } = ipcPair();
  bindCommands(main, bench.engine.handlers, (event) => event.sender === 'our-window');
  bench.engine.on('event', (event) => forwardEvent(webContents, event));
  return { api: createBenchApi(ipcTransport(ipcRenderer)), engine: bench.engine, scim: bench.scim };
}

for (const [name, make] of [
  ['HTTP + SSE (serve)', overHttp],
  ['IPC (desktop)', overIpc],
] as const) {
  describe(`BenchApi over ${name}`, () => {
    it('reads info, lists and gets traffic, and pushes new entries live', async () => {
      const { api, scim } = await make();
      const info = await api.info.get();
      expect(info.scimUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      const live = new Promise<BenchEvent>((resolve) => {
        const stop = api.subscribe((event) => {
          if (event.type !== 'traffic:new') return;
          stop();
          resolve(event);
        });
      });
      await new Promise((r) => setTimeout(r, 100)); // let the event stream connect
      await scim('/Users', { method: 'POST', json: { userName: 'contract' } });
      const event = await live;
      expect(event.type === 'traffic:new' && event.payload.entries[0]!.operation).toBe('create-user');
      const page = await api.traffic.list({ operation: 'create-user' });
      expect(page.entries).toHaveLength(1);
      const entry = await api.traffic.get(page.entries[0]!.id);
      expect(entry!.requestBody).toContain('contract');
      expect(await api.traffic.curl(page.entries[0]!.id)).toContain('$SCIM_BENCH_TOKEN');
    });

    it('backs up, lists settings, and runs SCIM requests from the console', async () => {
      const { api } = await make();
      expect((await api.backup.status()).state).toBe('disabled');
      expect((await api.settings.get()).strict).toBe(false);
      const created = await api.scim({ method: 'POST', path: '/Users', body: { userName: 'from-console' } });
      expect(created.status).toBe(201);
      expect((await api.settings.update({ strict: true })).strict).toBe(true);
    });

    it('rejects invalid input with a clear message', async () => {
      const { api } = await make();
      await expect(api.traffic.get(-1)).rejects.toThrow(/Invalid input for traffic:get/);
      await expect(api.traffic.list({ limit: 100_000 })).rejects.toThrow(/Invalid input for traffic:list/);
      await expect(api.scim({ method: 'GET', path: '/../../etc/passwd' })).rejects.toThrow(
        /must be \/Users or \/Groups/,
      );
      await expect(api.settings.update({ backupIntervalMs: 5 })).rejects.toThrow(/Invalid input for settings:update/);
    });
  });
}

describe('IPC binding', () => {
  it('refuses calls from any sender but our window', async () => {
    const bench = await startBench();
    const { main } = ipcPair();
    const handlers = new Map<string, (event: { sender: string }, ...args: unknown[]) => unknown>();
    bindCommands(
      {
        ...main,
        handle: (c: string, fn: (event: { sender: string }, ...args: unknown[]) => unknown) => void handlers.set(c, fn),
      },
      bench.engine.handlers,
      (e) => e.sender === 'our-window',
    );
    expect(() => handlers.get('info:get')!({ sender: 'a-webview' })).toThrow(/did not come from the SCIM Bench window/);
    await expect(Promise.resolve(handlers.get('info:get')!({ sender: 'our-window' }))).resolves.toMatchObject({
      version: expect.any(String),
    });
  });
});
