/** Connection limits on a real listener: sockets that stall are closed, and the cap keeps trusted ones. */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { guardedServer, trustConnection, type ConnectionLimits } from './connection-guard';

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => (s.closeAllConnections(), s.close())));

async function listen(limits: Partial<ConnectionLimits>, warnings: string[] = []) {
  const server = guardedServer(
    (req, res) => {
      if (req.headers.authorization === 'ok') trustConnection(req.socket);
      res.end('hi');
    },
    {
      maxConnections: 10,
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
      keepAliveTimeoutMs: 300,
      idleTimeoutMs: 5000,
      ...limits,
    },
    (w) => warnings.push(w),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

const closed = (socket: Socket) => new Promise<void>((resolve) => socket.on('close', () => resolve()));
const open = (port: number) => {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.resume(); // read what the server sends, or 'close' never comes
  return socket;
};

describe('connection guard', () => {
  it('closes a connection whose headers never finish (slowloris) and one whose body never finishes', async () => {
    const port = await listen({});
    const slowHeaders = open(port);
    slowHeaders.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const slowBody = open(port);
    slowBody.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc');
    const started = Date.now();
    await Promise.all([closed(slowHeaders), closed(slowBody)]);
    expect(Date.now() - started).toBeLessThan(4000); // Node's defaults: 60 s and 300 s
  });

  it('at the cap, closes the oldest untrusted connection, keeps trusted ones, and warns once', async () => {
    const warnings: string[] = [];
    const port = await listen({ maxConnections: 3, headersTimeoutMs: 10_000, requestTimeoutMs: 20_000 }, warnings);
    const trusted = open(port);
    trusted.write('GET / HTTP/1.1\r\nHost: x\r\nAuthorization: ok\r\n\r\n');
    await new Promise((r) => trusted.once('data', r));
    const idle = Array.from({ length: 5 }, () => open(port));
    await new Promise((r) => setTimeout(r, 300));
    expect(trusted.destroyed).toBe(false);
    expect(idle.filter((s) => s.destroyed || s.readyState === 'closed').length).toBeGreaterThanOrEqual(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cap of 3 open connections/);
    [trusted, ...idle].forEach((s) => s.destroy());
  });
});
