/** Starts the real `serve` CLI (the built dist/cli.mjs) on free ports and reads what it prints. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Served {
  process: ChildProcess;
  dataDir: string;
  scimUrl: string;
  token: string;
  consoleUrl: string;
  output: () => string;
  stop(): Promise<number | null>;
}

export async function serve(
  extraArgs: string[] = [],
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'scim-bench-e2e-')),
): Promise<Served> {
  const child = spawn(
    process.execPath,
    ['dist/cli.mjs', 'serve', '--port', '0', '--console-port', '0', '--data-dir', dataDir, ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 15_000;
  while (!/^Console: /m.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const line = (label: string) => new RegExp(`^${label}: (.+)$`, 'm').exec(output)![1]!.trim();
  return {
    process: child,
    dataDir,
    scimUrl: line('SCIM endpoint'),
    token: line('Token'),
    consoleUrl: line('Console'),
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
