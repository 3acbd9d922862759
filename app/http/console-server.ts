/** Starts the console for an engine on 127.0.0.1 — what `serve` does, and what tests reuse. */
import type { Server } from 'node:http';
import type { Engine } from '../engine';
import { createConsoleApp } from './console-app';
import { ConsoleKey } from './console-key';
import { CONSOLE_LIMITS, guardedServer } from './connection-guard';

export interface ConsoleServer {
  server: Server;
  port: number;
  close(): void;
}

export async function startConsoleServer(
  engine: Engine,
  options: {
    port: number;
    consoleKey: string | ConsoleKey;
    uiDir: string;
    onKeyRotated?: (consoleUrl: string) => void;
  },
): Promise<ConsoleServer> {
  let port = options.port;
  const app = createConsoleApp({
    handlers: engine.handlers,
    subscribe: (listener) => {
      engine.on('event', listener);
      return () => engine.off('event', listener);
    },
    consoleKey: typeof options.consoleKey === 'string' ? ConsoleKey.fixed(options.consoleKey) : options.consoleKey,
    ...(options.onKeyRotated ? { onKeyRotated: options.onKeyRotated } : {}),
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
