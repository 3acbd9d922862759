/** The processes a benchmark measures: the bench itself, and two ceilings (bare Express, bare node:http). */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Running {
  url: string;
  pid: number;
  output(): string;
  /** Resident memory of the server process, in MB (Linux /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

async function launch(
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const end = Date.now() + 120_000;
  for (;;) {
    const match = output.match(ready);
    if (match) return { child, match, output: () => output };
    if (child.exitCode !== null || Date.now() > end)
      throw new Error(`server did not start: ${args.join(' ')}\n${output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const rss = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
};

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

export interface BenchServer extends Running {
  scimUrl: string;
  token: string;
  consoleUrl: string;
  consoleKey: string;
}

export const BENCH_TOKEN = 'bench-token-0123456789';
export const CONSOLE_KEY = 'bench-console-key';

/** `serve` from the build, on free ports. */
export async function startBench(dataDir: string, extra: string[] = []): Promise<BenchServer> {
  const args = [
    'dist/cli.mjs',
    'serve',
    '--port',
    '0',
    '--console-port',
    '0',
    '--data-dir',
    dataDir,
    '--token',
    BENCH_TOKEN,
    '--console-key',
    CONSOLE_KEY,
    ...extra,
  ];
  const { child, output } = await launch(args, /^Console: (http:\/\/127\.0\.0\.1:\d+)/m);
  const scimUrl = /^SCIM endpoint: (\S+)/m.exec(output())![1]!;
  const consoleUrl = /^Console: (http:\/\/127\.0\.0\.1:\d+)/m.exec(output())![1]!;
  return {
    url: scimUrl,
    scimUrl,
    token: BENCH_TOKEN,
    consoleUrl,
    consoleKey: CONSOLE_KEY,
    pid: child.pid!,
    output,
    rssMb: () => rss(child.pid!),
    stop: stopper(child),
  };
}

const BARE_HTTP = `
const http = require('node:http');
const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] });
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/scim+json' }); res.end(body); }); });
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

const BARE_EXPRESS = `
const express = require('express');
const app = express();
const body = { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] };
app.use(express.json({ type: () => true }));
app.all('/{*rest}', (req, res) => res.type('application/scim+json').send(JSON.stringify(body)));
const server = app.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

async function startInline(source: string): Promise<Running> {
  const { child, match, output } = await launch(['-e', source], /^listening (\d+)/m);
  return {
    url: `http://127.0.0.1:${match[1]}/scim/v2`,
    pid: child.pid!,
    output,
    rssMb: () => rss(child.pid!),
    stop: stopper(child),
  };
}

/** The machine's limit: node:http answering a constant. */
export const startBareHttp = () => startInline(BARE_HTTP);
/** The ceiling of our stack: an Express route answering a constant (JSON body parsed). */
export const startBareExpress = () => startInline(BARE_EXPRESS);
