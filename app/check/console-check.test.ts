/** "Check a SCIM server" from the console: through the command table, with each step announced live. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { BenchEvent } from '../../shared/api';
import { dispatch } from '../commands';
import { startBench } from '../test/bench-harness';

describe('check:run', () => {
  it("checks one of the bench's endpoints with its own token, announcing every step as it ends", async () => {
    const bench = await startBench();
    const { info } = await bench.endpoint('okta-like', { preset: 'okta-style' });
    const steps: Array<{ index: number; total: number; verdict: string }> = [];
    bench.engine.on('event', (event: BenchEvent) => {
      if (event.type === 'check:step')
        steps.push({ index: event.payload.index, total: event.payload.total, verdict: event.payload.result.verdict });
    });
    const report = await dispatch(bench.engine.handlers, 'check:run', { endpoint: info.id, profile: 'okta' });
    expect(report.counts).toMatchObject({ fail: 0 });
    expect(steps.map((s) => s.index)).toEqual(report.results.map((_, i) => i));
    expect(new Set(steps.map((s) => s.total))).toEqual(new Set([report.results.length]));
    expect(JSON.stringify(report)).not.toContain(info.token);
  });

  it('refuses a URL that would send the token over the network in clear, or a URL without its token', async () => {
    const bench = await startBench();
    await expect(
      dispatch(bench.engine.handlers, 'check:run', { url: 'http://app.example.com/scim', token: 't' }),
    ).rejects.toThrow(/https/);
    await expect(dispatch(bench.engine.handlers, 'check:run', { url: 'https://app.example.com/scim' })).rejects.toThrow(
      /with its token/,
    );
  });

  it('runs one check at a time, and a cancel stops it after the step under way — the cleanup still runs', async () => {
    const bench = await startBench();
    // A slow app (every answer 150 ms late), so the run is still going when it is cancelled.
    const target = bench.url;
    const slow = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () =>
        setTimeout(async () => {
          const answer = await fetch(target + (req.url ?? '').replace(/^\/scim\/v2/, ''), {
            method: req.method!,
            headers: { Authorization: req.headers.authorization!, 'Content-Type': 'application/scim+json' },
            ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
          });
          res.writeHead(answer.status, {
            'Content-Type': answer.headers.get('content-type') ?? 'application/scim+json',
          });
          res.end(Buffer.from(await answer.arrayBuffer()));
        }, 150),
      );
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/scim/v2`;
      const token = 'integration-test-token-6f1c';
      let cancelled = false;
      bench.engine.on('event', (event: BenchEvent) => {
        if (event.type === 'check:step' && event.payload.result.id === 'entra-create-user' && !cancelled) {
          cancelled = true;
          void dispatch(bench.engine.handlers, 'check:cancel', undefined);
        }
      });
      const running = dispatch(bench.engine.handlers, 'check:run', { url, token, profile: 'entra' });
      await expect(dispatch(bench.engine.handlers, 'check:run', { url, token })).rejects.toThrow(/already running/);
      const report = await running;
      expect(report.stopped).toMatch(/Interrupted/);
      expect(report.results.at(-1)!.verdict).toBe('skip');
      expect(report.cleanup.removed).toBe(1); // the user it had created
      const users = (await (await bench.scim('/Users')).json()) as { totalResults: number };
      expect(users.totalResults).toBe(0);
      expect(await dispatch(bench.engine.handlers, 'check:cancel', undefined)).toEqual({ cancelled: false });
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });
});
