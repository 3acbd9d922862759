/**
 * Backups against a real SMB share on loopback: Debian's samba serving a folder, mounted through
 * smbnetfs (FUSE), started and stopped by scripts/smb-share.sh. Stopping smbd makes I/O on the
 * mount fail with EIO — a real "share went offline". Skips, saying why, where samba or FUSE is
 * missing; .ci/run installs them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';
import { MANIFEST, type Manifest } from './share';

const SCRIPT = path.resolve('scripts/smb-share.sh');
const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const missing = ['smbd', 'smbnetfs', 'fusermount']
  .filter((c) => !has(c))
  .concat(existsSync('/dev/fuse') ? [] : ['/dev/fuse'])
  .concat(process.getuid?.() === 0 ? [] : ['root (smbd binds port 445)']);
if (missing.length)
  console.warn(
    `SMB backup tests skipped: ${missing.join(', ')} not available (install samba, smbnetfs and fuse3; run as root)`,
  );

const share = (cmd: string, dir: string) =>
  execFileSync(SCRIPT, [cmd, dir], { encoding: 'utf8', timeout: 30_000 }).trim();
const manifestAt = (dir: string) => JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** smbnetfs needs a few seconds to reconnect after smbd comes back. */
async function until<T>(what: string, fn: () => Promise<T | null>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value !== null) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe.skipIf(missing.length > 0).sequential('backups on a real SMB share', () => {
  let root: string;
  let mount: string;
  let exported: string;

  beforeAll(() => {
    // Not tempDir(): that is emptied after each test, and this share lives for the whole file.
    root = mkdtempSync(path.join(os.tmpdir(), 'scim-bench-smb-'));
    mount = share('start', root);
    exported = path.join(root, 'export');
  });
  afterAll(() => {
    if (!root) return;
    share('stop', root);
    rmSync(root, { recursive: true, force: true });
  });

  it('backs up through the share and restores from it on a fresh machine', async () => {
    const { engine, scim } = await startBench({ backupDir: mount, shareTimeoutMs: 10_000 });
    await scim('/Users', { method: 'POST', json: { userName: 'over-smb' } });
    const status = await engine.backup.runNow();
    expect(status).toMatchObject({ state: 'ok', generations: 1 });
    // The file really went through samba: it is in the exported folder on the server side.
    const [generation] = manifestAt(exported).generations;
    expect(sha256(path.join(exported, generation!.file))).toBe(generation!.sha256);

    const fresh = await startBench({ backupDir: mount, dataDir: tempDir(), shareTimeoutMs: 10_000 });
    expect(fresh.engine.restore.restored).toBe(generation!.file);
    expect(fresh.engine.store.query('User', { startIndex: 1, count: 5 }).resources[0]!.data.userName).toBe('over-smb');
  });

  it('smbd stopped mid-backup: an offline status, no torn generation, the endpoint serving; back online, the next backup succeeds', async () => {
    const { engine, scim } = await startBench({ backupDir: mount, shareTimeoutMs: 10_000 });
    await engine.backup.runNow();
    const before = manifestAt(exported).generations.map((g) => g.file);
    // ~40 MB of data, so the copy is still running when the server goes away.
    engine.store.transaction(() => {
      for (let i = 0; i < 4000; i++)
        engine.store.create('User', { schemas: [], userName: `bulk${i}`, title: `${i}`.padEnd(10_000, 'x') });
    });
    const pending = engine.backup.runNow();
    await new Promise((r) => setTimeout(r, 150));
    share('pause', root);
    const during = await scim('/Users', { method: 'POST', json: { userName: 'while-offline' } });
    expect(during.status).toBe(201);
    const failed = await pending;
    expect(['offline', 'error']).toContain(failed.state);
    expect(failed.lastError).toBeTruthy();
    expect(failed.nextRun).not.toBeNull();

    share('resume', root);
    const manifestAfter = manifestAt(exported);
    expect(manifestAfter.generations.map((g) => g.file)).toEqual(before); // nothing half-published
    for (const g of manifestAfter.generations) expect(sha256(path.join(exported, g.file))).toBe(g.sha256);

    const recovered = await until('the share to come back', async () => {
      const status = await engine.backup.runNow();
      return status.state === 'ok' ? status : null;
    });
    expect(recovered.generations).toBe(before.length + 1);
    const newest = manifestAt(exported).generations[0]!;
    expect(sha256(path.join(exported, newest.file))).toBe(newest.sha256);
  }, 60_000); // a 10 s share timeout, then retries until samba is back: slow on a busy 2-core machine

  it('refuses an unmounted share whose mount point is an empty local folder', async () => {
    const { engine } = await startBench({ backupDir: mount, shareTimeoutMs: 10_000 });
    expect((await engine.backup.runNow()).state).toBe('ok');
    execFileSync('fusermount', ['-u', path.join(root, 'mnt')]);
    try {
      mkdirSync(mount, { recursive: true }); // what a login script or a careless mkdir leaves behind
      const status = await engine.backup.runNow();
      expect(status.state).toBe('offline');
      expect(status.lastError).toMatch(/marker file is missing — is the share mounted/);
      expect(readdirSync(mount)).toEqual([]); // nothing was written to the local disk
    } finally {
      share('stop', root);
      mount = share('start', root);
    }
  });
});
