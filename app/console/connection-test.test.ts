/** "Test connection" carries the live token: where it may go, against real HTTP servers that record what they receive. */
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionTestUrlProblem } from '../../shared/contract';
import type { ConnectionStep } from '../../shared/types';
import { dispatch } from '../commands';
import { TOKEN, startBench } from '../test/bench-harness';
import { testCertificates } from '../test/test-certificates';
import { testConnection } from './connection-test';
import { unreachableInWords } from './connection-words';

const servers: { close(): void; closeAllConnections(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

const port = (server: Server) => (server.address() as AddressInfo).port;

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

describe('connection test errors, in words', () => {
  const run = async (url: string) => {
    const bench = await startBench();
    return {
      bench,
      steps: (await dispatch(bench.engine.handlers, 'connect:test', { url })) as ConnectionStep[],
    };
  };
  /** Every step after the first is not tried: a tunnel that cannot be reached is not asked four times. */
  const notTried = (steps: ConnectionStep[]) =>
    expect(steps.slice(1).map((s) => s.detail)).toEqual(Array(3).fill('Not tried: the step above got no answer'));

  it('a host that does not resolve names the tunnel to check (cloudflared for a trycloudflare.com host)', async () => {
    const { steps } = await run('https://bench-demo.invalid/scim/v2'); // .invalid never resolves (RFC 6761)
    expect(steps[0]).toMatchObject({
      ok: false,
      status: null,
      detail: 'bench-demo.invalid does not resolve — is the tunnel still running?',
    });
    notTried(steps);
    // The same real resolver failure, told for a quick tunnel's host.
    const failed = await fetch('https://bench-demo.invalid/').catch((error: unknown) => error);
    expect(unreachableInWords(failed, { url: 'https://bench-demo.trycloudflare.com/scim/v2', benchUrl: null })).toMatch(
      /^bench-demo\.trycloudflare\.com does not resolve — is cloudflared still running\? A quick tunnel/,
    );
  });

  it('a refused connection, plain http where https was meant, and a self-signed certificate', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = port(closed);
    closed.close();
    const refused = await run(`https://127.0.0.1:${closedPort}/scim/v2`);
    expect(refused.steps[0]!.detail).toBe(
      `Nothing accepts connections at 127.0.0.1:${closedPort} (connection refused) — is something listening there?`,
    );
    notTried(refused.steps);

    const plain = await recorder('127.0.0.1');
    const http = await run(plain.url.replace('http:', 'https:'));
    expect(http.steps[0]!.detail).toMatch(/^127\.0\.0\.1:\d+ answers in plain http, not https/);

    const { selfSigned } = testCertificates();
    const tls = createTlsServer(selfSigned, (_req, res) => res.end());
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    servers.push(tls);
    const untrusted = await run(`https://localhost:${port(tls)}/scim/v2`);
    expect(untrusted.steps[0]!.detail).toBe(
      `The certificate of localhost:${port(tls)} is self-signed, so it proves nothing and Entra refuses it too: use the tunnel's own https address`,
    );
  });

  it("a 502 from a tunnel whose bench is down names the bench's address; a 401 for the bench's token says it leads elsewhere", async () => {
    const gateway = await recorder('127.0.0.1', (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad gateway</h1>'); // as cloudflared answers
    });
    const { bench, steps } = await run(gateway.url);
    const origin = new URL(bench.url).origin;
    for (const step of steps)
      expect(step.detail).toBe(
        `502 from ${new URL(gateway.url).host}: the tunnel is up but cannot reach the bench — does it point at ${origin}, and is SCIM Bench running?`,
      );

    const other = await recorder('127.0.0.1', (_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/scim+json' });
      res.end(
        JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
          status: '401',
          detail: 'Bad token',
        }),
      );
    });
    const elsewhere = await run(other.url);
    expect(elsewhere.steps[0]!.detail).toMatch(
      /^401 for this bench's own token: "Bad token": 127\.0\.0\.1:\d+ leads to another SCIM server, or another SCIM Bench with its own token/,
    );
    expect(elsewhere.steps[3]).toMatchObject({ ok: true, status: 401 }); // the wrong token is refused there too
  });

  it("quotes the bench's own error: a paused endpoint", async () => {
    const bench = await startBench();
    bench.engine.paused = true;
    const steps = (await dispatch(bench.engine.handlers, 'connect:test', {})) as ConnectionStep[];
    expect(steps[0]!.detail).toBe(
      'Expected 200, got 503: "SCIM Bench is paused: every endpoint answers 503 (resume it from the tray)"',
    );
  });
});
