/**
 * Servers that fight back cannot hurt the checker: a redirect to another origin (the token must not
 * follow), an answer that never comes, one far too large, one that is not JSON, a connection cut
 * mid-answer. Each gets a verdict — never a crash, never a hang — from real HTTP servers on loopback.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { htmlReport } from './check-html';
import { runCheck } from './check-run';
import { CHECK_STEPS, profilesFor } from './check-steps';

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const checkOf = (baseUrl: string, timeoutMs = 800) =>
  runCheck({
    target: { baseUrl, authorization: async () => 'Bearer secret-token-of-the-user', userAgent: 'check', timeoutMs },
    steps: [...CHECK_STEPS],
    profiles: profilesFor('all'),
  });

describe('the checker against hostile servers', () => {
  it('a redirect to another origin is reported, not followed: the token never reaches it', async () => {
    const seen: Array<string | undefined> = [];
    const elsewhere = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.end('{}');
    });
    const base = await serve((req, res) => {
      res.writeHead(307, { Location: `${elsewhere}${req.url}` });
      res.end();
    });
    const report = await checkOf(`${base}/scim/v2`);
    expect(seen).toEqual([]);
    expect(report.counts.pass).toBe(0);
    expect(report.results[0]!.reason).toMatch(/redirected \(307\).*not followed, so the token was not sent there/);
  });

  it('an answer that never comes times out per request, and the run still ends', async () => {
    const base = await serve(() => {}); // never answers
    const started = Date.now();
    const report = await checkOf(`${base}/scim/v2`, 300);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(report.results[0]!.reason).toMatch(/no answer within 0.3 s/);
    expect(report.counts.fail + report.counts.skip + report.counts.warn).toBe(report.results.length);
  });

  it('a body past 5 MB is not read further, and judged', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/scim+json' });
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      let sent = 0;
      const more = () => {
        while (sent < 50 && res.write(chunk)) sent++;
        if (sent < 50) res.once('drain', more);
        else res.end();
      };
      more();
    });
    const report = await checkOf(`${base}/scim/v2`, 5000);
    expect(report.results[0]!.reason).toMatch(/larger than 5 MB/);
  });

  it('bodies that are not JSON, or cut off mid-answer, fail their steps with the reason', async () => {
    let n = 0;
    const base = await serve((req, res) => {
      if (n++ % 2) {
        res.writeHead(200, { 'Content-Type': 'application/scim+json', 'Content-Length': '1000' });
        res.write('{"totalResults": 0, "Reso');
        setTimeout(() => req.socket.destroy(), 10);
      } else {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html>hello</html>');
      }
    });
    const report = await checkOf(`${base}/scim/v2`);
    expect(report.counts.pass).toBe(0);
    expect(report.results.length).toBeGreaterThan(10);
    expect(report.cleanup.left).toEqual([]);
  });

  it('what the server wrote cannot script the HTML report: every value is escaped, and the page allows no script', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/scim+json<script>x</script>' });
      res.end(
        JSON.stringify({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
          status: '400',
          detail: '<script>alert(1)</script><img src=x onerror=alert(2)>',
        }),
      );
    });
    const page = htmlReport(await checkOf(`${base}/scim/v2`));
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it("a resource whose attributes are not of their schema's types fails the shape check, naming them", async () => {
    const user = (id: string) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id,
      userName: 'x',
      active: 'true',
      emails: 'x@y',
      meta: { resourceType: 'User', location: 'x' },
    });
    const base = await serve((req, res) => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/scim+json' });
      if (req.url?.includes('filter='))
        return res.end(
          JSON.stringify({
            schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
            totalResults: 0,
            Resources: [],
          }),
        );
      res.end(JSON.stringify(user('u1')));
    });
    const report = await checkOf(`${base}/scim/v2`);
    const shape = report.results.find((r) => r.id === 'rfc-resources')!;
    expect(shape.verdict).toBe('fail');
    expect(shape.reason).toMatch(/active \(not boolean\)|emails \(not a list\)/);
  });
});
