/** An unrelated web server on another 127.0.0.1 port — what any other local program may run — that records what browsers send it. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtherOrigin {
  origin: string;
  /** Headers of every request it received, in order. */
  received: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** Serves `pages` (path → HTML) and records every request. */
export async function startOtherOrigin(pages: Record<string, string>): Promise<OtherOrigin> {
  const received: OtherOrigin['received'] = [];
  const server = createServer((req, res) => {
    received.push({ path: req.url ?? '', headers: req.headers });
    const page = pages[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(page === undefined ? 404 : 200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
