/** "Test connection" carries the live token: where it may go, against real HTTP servers that record what they receive. */
import { createServer, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionTestUrlProblem } from '../../shared/contract';
import { dispatch } from '../commands';
import { TOKEN, startBench } from '../test/bench-harness';
import { testConnection } from './connection-test';

const servers: { close(): void; closeAllConnections(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A real server on `host` that records the headers of every request it gets. */
async function recorder(host: string, answer: RequestListener = (_req, res) => res.end()) {
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  servers.push(server);
  return { url: `http://${host}:${(server.address() as AddressInfo).port}/scim/v2`, received };
}

describe('connection test', () => {
  it('sends the token over plain http only to this machine: not to http://127.0.0.2, nor anywhere else', async () => {
    const bench = await startBench();
    const elsewhere = await recorder('127.0.0.2'); // listening, but not an address the contract trusts
    await expect(dispatch(bench.engine.handlers, 'connect:test', { url: elsewhere.url })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/must be https:\/\/, or http:\/\/ on this machine/),
    });
    // The same check again in testConnection itself, for any caller that skips the contract.
    await expect(testConnection(elsewhere.url, TOKEN, 'mark')).rejects.toMatchObject({ status: 400 });
    expect(elsewhere.received).toEqual([]);
  });

  it('accepts https anywhere and http on loopback names only', () => {
    for (const ok of [
      'https://scim.example.com/scim/v2',
      'http://127.0.0.1:8080/scim/v2',
      'http://[::1]:1/x',
      'http://localhost/',
    ])
      expect(connectionTestUrlProblem(ok), ok).toBeNull();
    for (const bad of [
      'http://192.168.1.10/scim/v2',
      'http://localhost.evil.example/',
      'http://127.0.0.1.nip.io/',
      'http://0.0.0.0:8080/',
      'http://user:pass@127.0.0.1/',
      'https://user@scim.example.com/',
      'ftp://127.0.0.1/',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(connectionTestUrlProblem(bad), bad).not.toBeNull();
  });

  it('never follows a redirect with the token, and says so', async () => {
    const bench = await startBench();
    const elsewhere = await recorder('127.0.0.2');
    const redirecting = await recorder('127.0.0.1', (req, res) => {
      res.writeHead(302, { Location: `${elsewhere.url}${req.url}` }).end();
    });
    const steps = await dispatch(bench.engine.handlers, 'connect:test', { url: redirecting.url });
    expect(steps).toHaveLength(4);
    for (const step of steps as { ok: boolean; status: number; detail: string }[]) {
      expect(step).toMatchObject({ ok: false, status: 302 });
      expect(step.detail).toMatch(
        /^Redirected \(302\) to http:\/\/127\.0\.0\.2:\d+\/.*; not followed, so the token was not sent there/,
      );
    }
    expect(redirecting.received.map((h) => h.authorization)).toContain(`Bearer ${TOKEN}`);
    expect(elsewhere.received).toEqual([]);
  });

  it('passes against the bench itself, its requests carrying the console mark', async () => {
    const bench = await startBench();
    const steps = await dispatch(bench.engine.handlers, 'connect:test', {});
    expect((steps as { ok: boolean }[]).map((s) => s.ok)).toEqual([true, true, true, true]);
    const probe = await recorder('127.0.0.1');
    await testConnection(probe.url, TOKEN, bench.engine.consoleMark);
    expect(probe.received.map((h) => h['x-scim-bench-console'])).toEqual(Array(4).fill(bench.engine.consoleMark));
  });
});
