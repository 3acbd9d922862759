/**
 * The edges of the SCIM port a review left open, attacked over real sockets: a token request
 * trickled a byte a second, a refused request stuffed with headers, credentials in headers a proxy
 * forwards, and HTTP that Node cannot parse. Real engine, real SQLite traffic log.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FailureThrottle } from '../auth/failure-throttle';
import { startBench } from '../test/bench-harness';

/** Sends `head` on a raw socket, then `trickle` a byte a second; resolves with what came back and when the socket closed. */
function rawRequest(url: string, head: string, trickle = '', waitMs = 15_000) {
  const { port } = new URL(url);
  return new Promise<{ answer: string; closedAfterMs: number | null }>((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(head));
    let answer = '';
    let sent = 0;
    const drip = setInterval(() => sent < trickle.length && socket.write(trickle[sent++]!), 1000);
    const done = (closedAfterMs: number | null) => {
      clearInterval(drip);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ answer, closedAfterMs });
    };
    const giveUp = setTimeout(() => done(null), waitMs);
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => done(Date.now() - started));
  });
}

const bodyOf = (answer: string) => answer.slice(answer.indexOf('\r\n\r\n') + 4);

describe('the token endpoint does not wait for a slow body', () => {
  it('a token request trickled a byte a second is answered in OAuth form within the 5 s deadline, and closed', async () => {
    const { url } = await startBench();
    const { answer, closedAfterMs } = await rawRequest(
      url.replace(/\/scim\/v2$/, ''),
      'POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
        'Content-Length: 10000\r\n\r\ngrant_type=',
      'a'.repeat(30),
    );
    expect(closedAfterMs).not.toBeNull(); // on the old code: still open after 15 s (the port's 120 s request time)
    expect(closedAfterMs!).toBeLessThan(9000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(bodyOf(answer))).toEqual({
      error: 'invalid_request',
      error_description: expect.stringContaining('within 5 s'),
    });
  }, 30_000);
});

describe('what a refused request costs the log', () => {
  it('a refused request with 12 KB of headers keeps at most 4 KB of them, and says so', async () => {
    const { url, traffic, engine } = await startBench();
    const headers = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`x-stuffing-${i}`, 'h'.repeat(400)]));
    const response = await fetch(`${url}/Users`, {
      headers: { ...headers, Authorization: 'Bearer wrong-but-long-enough-x' },
    });
    expect(response.status).toBe(401);
    const [summary] = await traffic(1);
    const entry = (await engine.handlers['traffic:get']({ id: summary!.id }))!;
    const kept = Object.entries(entry.requestHeaders).reduce((n, [k, v]) => n + k.length + v.length, 0);
    expect(kept).toBeLessThanOrEqual(4096 + 200);
    expect(entry.requestHeaders['[truncated]']).toMatch(/more headers were not kept/);
    expect(entry.requestHeaders.authorization).toMatch(/^Bearer \[redacted/);
  });
});

describe('credentials a proxy forwards', () => {
  it('X-Forwarded-Authorization and Proxy-Authorization never reach the traffic log in clear', async () => {
    const { scim, traffic, engine } = await startBench();
    const forwarded = 'Canary-forwarded-authorization-5Zq';
    const proxy = 'Canary-proxy-authorization-5Zq';
    const response = await scim('/Users?count=1', {
      headers: { 'X-Forwarded-Authorization': `Bearer ${forwarded}`, 'Proxy-Authorization': `Basic ${proxy}` },
    });
    expect(response.status).toBe(200);
    await traffic(1);
    const { dataDir } = await engine.handlers['info:get']();
    await engine.close();
    const files = readdirSync(dataDir)
      .filter((f) => f.startsWith('traffic.db'))
      .map((f) => readFileSync(path.join(dataDir, f)).toString('latin1'))
      .join('');
    expect(files).not.toContain(forwarded);
    expect(files).not.toContain(proxy);
  });
});

describe('malformed HTTP', () => {
  it('a request Node cannot parse gets a short SCIM Error document, not a bare status line', async () => {
    const { url } = await startBench();
    const { answer, closedAfterMs } = await rawRequest(
      url,
      'GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n',
    );
    expect(closedAfterMs).not.toBeNull();
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-type: application\/scim\+json/i);
    expect(JSON.parse(bodyOf(answer))).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
    });
  });

  it('headers past 16 KB get a SCIM 431', async () => {
    const { url } = await startBench();
    const { answer } = await rawRequest(
      url,
      `GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(bodyOf(answer))).toMatchObject({ status: '431' });
  });
});

describe('the failed-authentication summary', () => {
  it('is said by a timer when a flood stops, not only on the next failure', async () => {
    const said: string[] = [];
    const throttle = new FailureThrottle(
      {
        ratePerSecond: 0.001,
        burst: 1,
        delayMs: 10,
        maxDelayMs: 10,
        escalateEvery: 100,
        maxDelayed: 10,
        summaryEveryMs: 300,
      },
      (message) => said.push(message),
    );
    for (let i = 0; i < 5; i++) throttle.onFailure();
    expect(said).toHaveLength(1); // "being throttled"
    await new Promise((r) => setTimeout(r, 700)); // no failure since: only a timer can speak now
    expect(said[1]).toMatch(/^5 failed authentications on the SCIM port in the last 0\.3 s; 4 were throttled/);
    await new Promise((r) => setTimeout(r, 700));
    expect(said).toHaveLength(2); // the flood stopped: one summary, then quiet
  });
});
