/**
 * `scim-bench serve`: the headless bench — the same engine and the same UI as the desktop app,
 * with the console on a second, loopback-only port.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_VERSION, Engine } from './engine';
import { USAGE, UsageError, engineOptions, parseCommandLine, type ServeConfig } from './config';
import { CHECK_USAGE, check, parseCheck } from './check/check-cli';
import { ConsoleKey } from './http/console-key';
import { startConsoleServer } from './http/console-server';
import { loadSettings } from './settings';

async function serve(config: ServeConfig): Promise<void> {
  // Settings saved from the console are the defaults; what was given at launch wins.
  const saved = loadSettings(config.dataDir, (message) => console.warn(`warning: ${message}`));
  const engine = await Engine.open(engineOptions(config, saved));
  engine.on('error', (error) => console.error(`error: ${error.message}`));
  engine.on('warning', (message) => console.warn(`warning: ${message}`));
  if (engine.restore.restored) {
    console.log(`Restored ${engine.restore.restored} from ${config.backupDir}:`);
    for (const { name, users, groups } of engine.restore.endpoints)
      console.log(`  endpoint ${name}: ${users} users, ${groups} groups`);
  }
  if (engine.restore.setAside) console.log(`The previous local database was kept as ${engine.restore.setAside}`);
  if (engine.applied)
    console.log(
      `Endpoints from ${config.endpointsFile}: ${engine.applied.created.length} created${engine.applied.created.length ? ` (${engine.applied.created.join(', ')})` : ''}, ${engine.applied.updated.length} updated`,
    );
  if (engine.restore.conflict) console.warn(`Backup conflict: ${engine.restore.conflict}`);
  for (const skipped of engine.restore.skipped) console.warn(`Skipped backup ${skipped.file}: ${skipped.reason}`);

  const scimUrl = await engine.listen();
  // Kept in the data folder like the token, so an open tab survives a restart (--console-key wins).
  const consoleKey = ConsoleKey.load(config.dataDir, config.consoleKey, (message) =>
    console.warn(`warning: ${message}`),
  );
  const consoleServer = await startConsoleServer(engine, {
    port: config.consolePort,
    consoleKey,
    uiDir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'renderer'),
    onKeyRotated: (url) =>
      console.log(
        `Console key rotated: every console session ended. Console: ${url}${config.consoleKey ? ' (--console-key wins again at the next start)' : ''}`,
      ),
  });
  const consolePort = consoleServer.port;

  console.log(`SCIM endpoint: ${scimUrl}`);
  for (const other of await engine.handlers['endpoints:list']())
    if (!other.isDefault) console.log(`  endpoint ${other.name}: ${other.scimUrl} (its token: Connect in the console)`);
  console.log(`Token: ${engine.token}`);
  console.log(`Console: http://127.0.0.1:${consolePort}/?key=${consoleKey.current}`);
  console.log(`Data: ${config.dataDir}`);
  const { backupDir, backupIntervalMs } = engine.settings();
  console.log(`Backup: ${backupDir ? `${backupDir} every ${backupIntervalMs / 1000}s` : 'off (use --backup-dir)'}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping (finishing requests, final backup)…`);
    consoleServer.close();
    await engine.close();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function describeStartError(error: NodeJS.ErrnoException): string {
  if (error.code === 'EADDRINUSE')
    return `port ${(error as { port?: number }).port ?? ''} is already in use (another SCIM Bench? use --port / --console-port)`;
  if (error.code === 'EADDRNOTAVAIL') return `cannot listen on that address (check --host)`;
  if (error.code === 'EACCES') return `no permission to listen on that port (ports below 1024 need privileges)`;
  return error.message;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'check') return runCheckCommand(argv.slice(1));
  let command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`scim-bench: ${error.message} (see --help)`);
    process.exit(2);
  }
  if (command.kind === 'help') return console.log(USAGE);
  if (command.kind === 'version') return console.log(APP_VERSION);
  try {
    await serve(command.config);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`scim-bench: ${error.message}`);
      process.exit(2);
    }
    console.error(`scim-bench: could not start: ${describeStartError(error as NodeJS.ErrnoException)}`);
    process.exit(1);
  }
}

async function runCheckCommand(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return console.log(CHECK_USAGE);
  let command;
  try {
    command = parseCheck(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`scim-bench check: ${error.message} (see scim-bench check --help)`);
    process.exit(2);
  }
  try {
    process.exitCode = await check(command);
  } catch (error) {
    console.error(`scim-bench check: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

void main(process.argv.slice(2));
