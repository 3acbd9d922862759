/**
 * Connection limits for a listener that faces the internet. Real SCIM clients send their headers
 * at once and a body in seconds, over a handful of connections; an attacker holds connections
 * open, sending a byte at a time. So: short header timeouts, a bounded request time, idle sockets
 * closed, and a cap on open connections — which, when reached, closes the oldest connection a hang
 * fault holds, else the oldest that has not authenticated, rather than refusing the newcomer, so a flood of idle sockets cannot lock
 * Entra out. Reaching the cap is said once a minute, in words.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimits {
  maxConnections: number;
  /** From connect until the request's headers are complete. */
  headersTimeoutMs: number;
  /** From connect until the whole request (headers and body) is in. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept between requests. */
  keepAliveTimeoutMs: number;
  /** A socket with no traffic either way for this long is closed. */
  idleTimeoutMs: number;
  /** How malformed HTTP is answered: a SCIM Error document (the SCIM port), or a short plain text. */
  malformedAs?: 'scim' | 'plain';
}

/** The console: loopback only, one user, long-lived event streams (heartbeats every 15 s). */
export const CONSOLE_LIMITS: ConnectionLimits = {
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
};

/** A 10 MB body at 100 KB/s takes 100 s; headers take milliseconds, even through a tunnel. */
export const SCIM_LIMITS: ConnectionLimits = {
  maxConnections: 256,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  malformedAs: 'scim',
};

/** Node's parser errors, by the status that says what was wrong. */
const MALFORMED: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are larger than 16 KB'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request did not arrive in time'],
};

/**
 * The answer to a request Node could not parse, written on the raw socket: short, closing, and on
 * the SCIM port a SCIM Error document, so a client author sees the same shape as for any other
 * mistake (Node's default is a bare status line). Threat model: the input is an attacker's; the
 * answer quotes none of it.
 */
export function malformedResponse(code: string | undefined, as: 'scim' | 'plain'): string {
  const [status, reason, detail] = MALFORMED[code ?? ''] ?? [400, 'Bad Request', 'The request is not valid HTTP/1.1'];
  const body =
    as === 'scim'
      ? JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail })
      : `${detail}\n`;
  const type = as === 'scim' ? 'application/scim+json' : 'text/plain; charset=utf-8';
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `Connection: close\r\n\r\n${body}`
  );
}

const trusted = new WeakSet<Socket>();

/** Marks a connection that has presented valid credentials: it is not evicted at the cap. */
export const trustConnection = (socket: Socket) => void trusted.add(socket);

const held = new WeakSet<Socket>();

/**
 * Marks a connection a hang fault holds open on purpose: at the cap it goes first, before any other.
 * Without this, a client on a hanging rule (trusted, since it authenticated) could fill the cap
 * with connections that will never be answered and lock every other client out for minutes.
 */
export const holdConnection = (socket: Socket) => void held.add(socket);

const openSockets = new WeakMap<Server, Set<Socket>>();

/**
 * Resolves once every connection of a guarded server has emitted 'close'. The server's own close
 * callback comes sooner (when the last socket is destroyed, before its handle is released), while
 * the socket's 'close' handlers, which record a request a fault held, run a turn of the loop later.
 */
export function socketsClosed(server: Server): Promise<void> {
  // A socket leaves the set on its 'close' event, so every one still in it has that event to come
  // (even when `closed` already says true).
  const open = [...(openSockets.get(server) ?? [])];
  return Promise.all(open.map((s) => new Promise((r) => s.once('close', r)))).then(() => undefined);
}

/** An HTTP server for `app` that enforces `limits`. */
export function guardedServer(
  app: RequestListener,
  limits: ConnectionLimits,
  warn: (message: string) => void,
  name = 'SCIM port',
): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node looks for connections past their header or request time (default 30 s).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    app,
  );
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A response is possible only while nothing of one has been written (and the peer still reads).
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Socket & { _httpMessage?: unknown })._httpMessage)
      return void socket.destroy();
    socket.end(malformedResponse(error.code, limits.malformedAs ?? 'plain'));
  });
  const open = new Set<Socket>();
  openSockets.set(server, open);
  let lastWarning = 0;
  let evicted = 0;
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    if (open.size <= limits.maxConnections) return;
    const others = [...open].filter((s) => s !== socket);
    const victim = others.find((s) => held.has(s)) ?? others.find((s) => !trusted.has(s)) ?? socket;
    victim.destroy();
    evicted++;
    if (Date.now() - lastWarning >= 60_000) {
      lastWarning = Date.now();
      warn(
        `The ${name} reached its cap of ${limits.maxConnections} open connections; connections held by a hang fault, then the ` +
          `oldest that had not authenticated, are being closed (${evicted} so far). Something is holding connections open.`,
      );
    }
  });
  return server;
}
