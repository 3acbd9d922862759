/** Starts the console for an engine on 127.0.0.1 — what `serve` does, and what tests reuse. */
import type { Server } from 'node:http';
import type { Engine } from '../engine';
import { createConsoleApp } from './console-app';
import { CONSOLE_LIMITS, guardedServer } from './connection-guard';

export interface ConsoleServer {
  server: Server;
  port: number;
  close(): void;
}

export async function startConsoleServer(
  engine: Engine,
  options: { port: number; consoleKey: string; uiDir: string },
): Promise<ConsoleServer> {
  let port = options.port;
  const app = createConsoleApp({
    handlers: engine.handlers,
    subscribe: (listener) => {
      engine.on('event', listener);
      return () => engine.off('event', listener);
    },
    consoleKey: options.consoleKey,
    uiDir: options.uiDir,
    port: () => port,
    exportTraffic: (format, filter) => engine.exportTraffic(format, filter),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = guardedServer(app, CONSOLE_LIMITS, (message) => engine.emit('warning', message), 'console');
    listening.listen(options.port, '127.0.0.1'); // loopback only, always
    listening.once('listening', () => resolve(listening));
    listening.once('error', reject);
  });
  port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
