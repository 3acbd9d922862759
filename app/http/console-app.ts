/**
 * The console for `serve`: the React UI, the console API and its event stream, on a second
 * listener bound to 127.0.0.1 only.
 *
 * Threat model: any web page the user visits can send requests to 127.0.0.1, a DNS-rebinding
 * page can make them look same-origin, and pages on other loopback ports receive our cookies. So:
 * the Host header must name loopback (defeats rebinding); the API refuses requests a browser marks
 * as coming from anywhere but the console's own page; it needs the console key (scripts) or both
 * halves of a session (the page: see console-sessions.ts); and commands are POSTs with a JSON body.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { BenchEvent } from '../../shared/api';
import { exportRequest } from '../../shared/contract';
import type { ExportFormat, TrafficFilter } from '../../shared/types';
import { COMMANDS, commandPath } from '../../shared/channels';
import { CommandError, dispatch, type CommandHandlers } from '../commands';
import { trustConnection } from './connection-guard';
import { crossOriginReason, isJsonRequest } from './console-guards';
import type { ConsoleKey } from './console-key';
import { ConsoleSessions, sameSecret, sessionCookieName } from './console-sessions';
import { exportFileName, exportMimeType } from '../traffic/export';

export interface ConsoleAppOptions {
  handlers: CommandHandlers;
  subscribe(listener: (event: BenchEvent) => void): () => void;
  /** Kept across restarts by `serve` (console-key.ts); rotated from Settings. */
  consoleKey: ConsoleKey;
  /** Told the new console URL after a rotation (`serve` prints it). */
  onKeyRotated?: (consoleUrl: string) => void;
  /** The built renderer (index.html and assets). */
  uiDir: string;
  port: () => number;
  /** Streams a traffic export (HAR or NDJSON) for download. */
  exportTraffic(format: ExportFormat, filter: TrafficFilter): Iterable<string>;
}

export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function cookie(req: Request, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export function createConsoleApp(options: ConsoleAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const sessions = new ConsoleSessions(() => options.consoleKey.current);
  const consoleUrl = () => `http://127.0.0.1:${options.port()}/?key=${options.consoleKey.current}`;
  /** Open event streams: a rotation ends them (their sessions ended), so their pages learn it at once. */
  const streams = new Set<Response>();
  const handlers: CommandHandlers = {
    ...options.handlers,
    // Every session is derived from the key: this one ends too, and the page signs in again.
    'console:rotate-key': async () => {
      options.consoleKey.rotate();
      options.onKeyRotated?.(consoleUrl());
      for (const stream of streams) stream.end();
      return { consoleUrl: consoleUrl() };
    },
  };

  app.use((req, res, next) => {
    const allowed = ['127.0.0.1', 'localhost', '[::1]'].map((h) => `${h}:${options.port()}`);
    if (!allowed.includes(req.headers.host ?? '')) {
      res.status(421).type('text/plain').send('SCIM Bench console: open it as http://127.0.0.1:<console port>/');
      return;
    }
    res.set({
      'Content-Security-Policy': CONSOLE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    next();
  });

  // The printed URL carries the key once; trade it for a session (see console-sessions.ts): the id
  // in a cookie, the page token in the address the page then takes it from, and the key out of sight.
  app.get('/', (req, res, next) => {
    const key = typeof req.query.key === 'string' ? req.query.key : undefined;
    if (key === undefined) {
      // Any page can open this address with a page token it made up; the page stores what it is
      // handed (renderer/src/api/console-session.ts), which once signed the user out of every tab.
      // So a token is handed over only when it belongs to this browser's cookie: else it is dropped.
      const handed = req.query.session;
      if (handed !== undefined && !sessions.accepts(cookie(req, sessionCookieName(options.port())), String(handed)))
        return res.redirect(303, '/');
      return next();
    }
    if (!sameSecret(key, options.consoleKey.current)) {
      res
        .status(403)
        .type('text/plain')
        .send('This console key is not valid (it may have been rotated). Use the Console URL SCIM Bench printed.');
      return;
    }
    const session = sessions.create();
    res.cookie(sessionCookieName(options.port()), session.id, { httpOnly: true, sameSite: 'strict', path: '/' });
    // Earlier versions kept the key itself in this cookie, which every local port received: drop it.
    res.clearCookie('scim_bench_console', { path: '/' });
    res.redirect(303, `/?session=${session.pageToken}`);
  });

  const authenticated = (req: Request) => {
    const key = req.get('x-console-key');
    if (key !== undefined) return sameSecret(key, options.consoleKey.current);
    // EventSource and downloads cannot set headers: they carry the page token in the query.
    const query = req.method === 'GET' && typeof req.query.session === 'string' ? req.query.session : undefined;
    return sessions.accepts(cookie(req, sessionCookieName(options.port())), req.get('x-console-session') ?? query);
  };

  app.use('/api', (req: Request, res: Response, next: NextFunction) => {
    const crossOrigin = crossOriginReason(req);
    if (crossOrigin) {
      res.status(403).json({ error: `Refused: ${crossOrigin}. Only the console's own page may use its API.` });
      return;
    }
    if (authenticated(req)) {
      trustConnection(req.socket); // never the one closed when the listener is at its cap
      return next();
    }
    res
      .status(401)
      .json({ error: 'Open the console with the URL SCIM Bench printed at start (it carries the console key).' });
  });

  app.get('/api/events', (req, res) => {
    res.set({ 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.flushHeaders();
    res.write(': connected\n\n');
    // A slow reader must not make the server buffer without bound: while the socket is backed up,
    // traffic events are dropped, and once it drains the page is told to catch up from the store.
    let lagging = false;
    const send = (type: string, payload: unknown) => {
      if (!res.write(`event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`)) lagging = true;
    };
    res.on('drain', () => {
      if (!lagging) return;
      lagging = false;
      send('traffic:resync', {});
    });
    const unsubscribe = options.subscribe((event) => {
      if (lagging && event.type === 'traffic:new') return;
      send(event.type, event.payload);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    streams.add(res);
    req.on('close', () => {
      streams.delete(res);
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  // Downloads stream: a page at a time from the store, waiting on the reader between chunks.
  app.get('/api/traffic/export', async (req, res) => {
    let input;
    try {
      input = exportRequest.parse({
        format: req.query.format,
        filter: typeof req.query.filter === 'string' ? JSON.parse(req.query.filter) : {},
      });
    } catch {
      res.status(400).json({ error: 'format must be har or ndjson, and filter a JSON traffic filter' });
      return;
    }
    res.set({
      'Content-Type': exportMimeType(input.format),
      'Content-Disposition': `attachment; filename="${exportFileName(input.format)}"`,
    });
    for (const chunk of options.exportTraffic(input.format, input.filter)) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      if (res.destroyed) return;
    }
    res.end();
  });

  app.post('/api/*rest', (req, res, next) => {
    if (isJsonRequest(req)) return next();
    res.status(415).json({ error: 'Console commands take a JSON body: send Content-Type: application/json' });
  });
  app.use('/api', express.json({ limit: '64kb' }));
  for (const name of COMMANDS) {
    app.post(commandPath(name), async (req, res) => {
      try {
        const input =
          req.body && typeof req.body === 'object' && 'input' in req.body
            ? (req.body as { input: unknown }).input
            : undefined;
        res.json({ result: (await dispatch(handlers, name, input)) ?? null });
      } catch (error) {
        const status = error instanceof CommandError ? error.status : 500;
        res.status(status).json({ error: error instanceof Error ? error.message : 'failed' });
      }
    });
  }
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'No such console command' });
  });

  app.use(express.static(options.uiDir, { index: 'index.html' }));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  return app;
}
