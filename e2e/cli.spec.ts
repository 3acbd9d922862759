/** The `serve` command-line contract, against the built CLI. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer } from 'node:net';
import { expect, test } from '@playwright/test';

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['dist/cli.mjs', ...args], { encoding: 'utf8', timeout: 15_000 });

test('a bad flag gets a one-line error and exit code 2', () => {
  const result = run('serve', '--prot', '1');
  expect(result.status).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^scim-bench: .*--prot.* \(see --help\)/);
  expect(run('serve', '--backup-interval', 'often').status).toBe(2);
});

test('a port in use is named, not a stack trace', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = String((blocker.address() as { port: number }).port);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scim-bench-e2e-port-'));
  const result = run(
    'serve',
    '--port',
    port,
    '--console-port',
    '0',
    '--data-dir',
    dataDir, // its own: a shared folder keeps whatever schema another checkout last wrote there
  );
  blocker.close();
  rmSync(dataDir, { recursive: true, force: true });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('is already in use');
  expect(result.stderr).not.toMatch(/\n\s+at /);
});

test('--help documents every flag', () => {
  const result = run('--help');
  expect(result.status).toBe(0);
  for (const flag of [
    '--port',
    '--host',
    '--console-port',
    '--data-dir',
    '--token',
    '--console-key',
    '--backup-dir',
    '--backup-interval',
  ])
    expect(result.stdout).toContain(flag);
});
