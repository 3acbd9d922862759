/**
 * 5. Backups on the loopback SMB share: a backup of a large database against a plain `cp` of the
 * same file to the same share, SCIM p99 during the backup against idle, and restore at launch.
 * Needs root (smbd binds port 445), samba, smbnetfs and FUSE — as CI has.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { blast } from './load';
import { seed } from './seed';
import { BENCH_TOKEN, CONSOLE_KEY, startBench } from './servers';
import type { Row, Sizes } from './report';
import { tempData } from './workloads';

const AUTH = { Authorization: `Bearer ${BENCH_TOKEN}` };

export function backupUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root (smbd binds port 445)';
  for (const cmd of ['smbd', 'smbnetfs', 'fusermount'])
    if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) return `${cmd} is not installed`;
  return existsSync('/dev/fuse') ? null : '/dev/fuse is missing';
}

const command = (consoleUrl: string, name: string) =>
  fetch(`${consoleUrl}/api/${name.replace(':', '/')}`, {
    method: 'POST',
    headers: { 'X-Console-Key': CONSOLE_KEY, 'Content-Type': 'application/json' },
    body: '{"input":null}',
  }).then((r) => r.json() as Promise<{ result: { state: string; lastError: string | null } }>);

export async function backupWorkload(sizes: Sizes): Promise<Row[]> {
  const root = tempData();
  const script = path.resolve('scripts/smb-share.sh');
  const share = execFileSync(script, ['start', root], { encoding: 'utf8' }).trim();
  try {
    const dataDir = tempData();
    const users = Math.round((sizes.backupMb * 1024 * 1024) / 4200); // ~4.2 KB a user with a 2 KB title, measured
    seed(dataDir, users, { padBytes: 2000 });
    const dbFile = path.join(dataDir, 'bench.db');
    const mb = statSync(dbFile).size / 2 ** 20;

    let t = performance.now();
    execFileSync('cp', [dbFile, path.join(share, 'plain-cp.db')]);
    const cpMs = performance.now() - t;
    execFileSync('rm', ['-f', path.join(share, 'plain-cp.db')]);

    const server = await startBench(dataDir, ['--backup-dir', share, '--backup-interval', '1h']);
    const rows: Row[] = [];
    try {
      const lookup = () => ({
        path: `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "user${Math.floor(Math.random() * users)}@contoso.com"`)}`,
      });
      const idle = await blast({ url: server.scimUrl, headers: AUTH, next: lookup, durationS: 3, connections: 4 });
      t = performance.now();
      const backup = command(server.consoleUrl, 'backup:run-now').then((r) => ((t = performance.now() - t), r));
      const during = await blast({ url: server.scimUrl, headers: AUTH, next: lookup, durationS: 3, connections: 4 });
      const status = (await backup).result;
      const backupMs = t;
      if (status.state !== 'ok') throw new Error(`backup failed: ${status.lastError}`);
      rows.push(
        {
          workload: `5. backup (${mb.toFixed(0)} MB to loopback SMB)`,
          metric: 'backup vs plain cp',
          value: `${(backupMs / 1000).toFixed(2)} s vs ${(cpMs / 1000).toFixed(2)} s`,
          ratio: backupMs / cpMs,
          against: 'cp',
          target: 2,
          atMost: true,
        },
        {
          workload: `5. backup (${mb.toFixed(0)} MB to loopback SMB)`,
          metric: 'SCIM p99 during backup vs idle',
          value: `${during.p99} ms vs ${idle.p99} ms`,
          ratio: during.p99 / Math.max(1, idle.p99),
          against: 'idle',
          target: 2,
          atMost: true,
        },
      );
    } finally {
      await server.stop();
    }

    const fresh = tempData();
    t = performance.now();
    const restored = await startBench(fresh, ['--backup-dir', share]);
    const restoreMs = performance.now() - t;
    const said = /Restored (\S+)/.exec(restored.output())?.[1] ?? 'nothing';
    await restored.stop();
    rows.push({
      workload: `5. backup (${mb.toFixed(0)} MB to loopback SMB)`,
      metric: `restore at launch (${said})`,
      value: `${(restoreMs / 1000).toFixed(2)} s to ready`,
      limitMs: 5000,
      measuredMs: restoreMs,
    });
    return rows;
  } finally {
    execFileSync(script, ['stop', root]);
  }
}
