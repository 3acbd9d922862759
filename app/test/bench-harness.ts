/** Starts a real engine on a loopback port over a temp data folder, for integration tests. */
import { afterEach } from 'vitest';
import type { CommandInput } from '../../shared/api';
import { dispatch } from '../commands';
import { Engine, type EngineOptions } from '../engine';
import { startConsoleServer, type ConsoleServer } from '../http/console-server';
import { tempDir } from './temp-dir';

const running: Engine[] = [];
const consoles: ConsoleServer[] = [];
afterEach(async () => {
  for (const server of consoles.splice(0)) server.close();
  for (const engine of running.splice(0)) await engine.close(2000);
});

export const TOKEN = 'integration-test-token-6f1c';

/** fetch below a SCIM base with a bearer token; `json` is sent as an application/scim+json body. */
export const bearerFetch =
  (url: string, token: string) =>
  (path: string, init: RequestInit & { json?: unknown } = {}) =>
    fetch(url + path, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.json !== undefined ? { 'Content-Type': 'application/scim+json' } : {}),
        ...(init.headers as Record<string, string>),
      },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });

export async function startBench(options: Partial<EngineOptions> = {}) {
  const engine = await Engine.open({
    dataDir: tempDir(),
    port: 0,
    host: '127.0.0.1',
    token: TOKEN,
    backupDir: null,
    backupIntervalMs: 300_000,
    ...options,
  });
  engine.on('error', (error) => {
    throw error;
  });
  running.push(engine);
  const url = await engine.listen();
  const scim = bearerFetch(url, TOKEN);
  /** Waits until the traffic recorder has written `count` entries. */
  const traffic = async (count: number) => {
    for (let i = 0; i < 100; i++) {
      const page = await engine.handlers['traffic:list']({ limit: 500 });
      if (page.entries.length >= count) return page.entries;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`expected ${count} traffic entries`);
  };
  /** Creates endpoint `name` through the console command, and a fetch with its own token. */
  const endpoint = async (name: string, input: Omit<CommandInput<'endpoints:create'>, 'name'> = {}) => {
    const info = await dispatch(engine.handlers, 'endpoints:create', { name, ...input });
    return { info, scim: bearerFetch(info.scimUrl, info.token) };
  };
  return { engine, url, scim, traffic, endpoint };
}

export const CONSOLE_KEY = 'console-key-for-tests';

/** A bench with its `serve` console on a loopback port. */
export async function startConsole(options: Partial<EngineOptions> = {}) {
  const bench = await startBench(options);
  const server = await startConsoleServer(bench.engine, { port: 0, consoleKey: CONSOLE_KEY, uiDir: tempDir() });
  consoles.push(server);
  return { ...bench, base: `http://127.0.0.1:${server.port}`, port: server.port };
}

/** Opens the console the way a browser does with the printed URL: the session cookie and the page token it hands over. */
export async function loginToConsole(base: string) {
  const login = await fetch(`${base}/?key=${CONSOLE_KEY}`, { redirect: 'manual' });
  if (login.status !== 303) throw new Error(`login answered ${login.status}`);
  const setCookies = login.headers.getSetCookie();
  const setCookie = setCookies.find((c) => c.startsWith('scim_bench_session_')) ?? '';
  const pageToken = new URL(login.headers.get('location')!, base).searchParams.get('session') ?? '';
  return { setCookie, setCookies, cookie: setCookie.split(';')[0]!, pageToken };
}

/** POSTs a console command with the given headers (a JSON body unless the headers say otherwise). */
export const consoleCommand = (base: string, path: string, headers: Record<string, string>, body = '{}') =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
