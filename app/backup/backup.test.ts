/** Backups to a real folder and restore at launch, with real SQLite files. (The SMB share comes with issue 5.) */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';
import { forkChild } from './child-launcher';
import { MANIFEST, MARKER, type Manifest } from './share';

const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;

describe('backup and restore', () => {
  it('publishes a verified generation, skips when nothing changed, and restores into an empty data folder', async () => {
    const backupDir = tempDir();
    const first = await startBench({ backupDir });
    await first.scim('/Users', { method: 'POST', json: { userName: 'erin' } });
    const status = await first.engine.backup.runNow();
    expect(status).toMatchObject({ state: 'ok', generations: 1, lastError: null });
    expect(status.sizeBytes).toBeGreaterThan(0);
    const manifest = manifestOf(backupDir);
    expect(manifest.generations[0]).toMatchObject({
      changes: first.engine.store.changeCounter(),
      size: status.sizeBytes,
    });
    expect(readdirSync(backupDir).filter((f) => f.startsWith('.partial'))).toEqual([]);

    await first.engine.backup.runNow(); // nothing changed: no second generation
    expect(manifestOf(backupDir).generations).toHaveLength(1);

    const second = await startBench({ backupDir, dataDir: tempDir() });
    expect(second.engine.restore.restored).toBe(manifest.generations[0]!.file);
    const found = (await (await second.scim(`/Users?filter=${encodeURIComponent('userName eq "erin"')}`)).json()) as {
      totalResults: number;
    };
    expect(found.totalResults).toBe(1);
  });

  it('keeps N generations, pruning the oldest only after the new one is published', async () => {
    const backupDir = tempDir();
    const { engine, scim } = await startBench({ backupDir, backupGenerations: 2 });
    for (const name of ['a', 'b', 'c']) {
      await scim('/Users', { method: 'POST', json: { userName: name } });
      await engine.backup.runNow();
    }
    const files = manifestOf(backupDir).generations.map((g) => g.file);
    expect(files).toHaveLength(2);
    expect(
      readdirSync(backupDir)
        .filter((f) => f.startsWith('bench-'))
        .sort(),
    ).toEqual([...files].sort());
  });

  it('skips a corrupted generation at restore and takes the next valid one', async () => {
    const backupDir = tempDir();
    const { engine, scim } = await startBench({ backupDir });
    await scim('/Users', { method: 'POST', json: { userName: 'first' } });
    await engine.backup.runNow();
    await scim('/Users', { method: 'POST', json: { userName: 'second' } });
    await engine.backup.runNow();
    const [newest, older] = manifestOf(backupDir).generations;
    writeFileSync(path.join(backupDir, newest!.file), 'not a database');

    const restored = await startBench({ backupDir, dataDir: tempDir() });
    expect(restored.engine.restore.restored).toBe(older!.file);
    expect(restored.engine.restore.skipped[0]).toMatchObject({
      file: newest!.file,
      reason: expect.stringContaining('checksum'),
    });
  });

  it('refuses a folder that lost its marker (an unmounted share), and says so', async () => {
    const backupDir = tempDir();
    const { engine } = await startBench({ backupDir });
    expect((await engine.backup.runNow()).state).toBe('ok');
    rmSync(path.join(backupDir, MARKER)); // what an empty mount point looks like
    const status = await engine.backup.runNow();
    expect(status.state).toBe('offline');
    expect(status.lastError).toMatch(/marker file is missing — is the share mounted/);
    expect(status.nextRun).not.toBeNull();
  });

  it('reports a missing folder as offline, not as a success', async () => {
    const backupDir = path.join(tempDir(), 'not-mounted');
    const { engine } = await startBench({ backupDir });
    const status = await engine.backup.runNow();
    expect(status.state).toBe('offline');
    expect(status.lastError).toMatch(/does not exist/);
    expect(existsSync(backupDir)).toBe(false);
  });
});

describe('reconciling at launch', () => {
  it('restores when the folder is ahead and this machine has not changed since it last synced, keeping the local copy aside', async () => {
    const backupDir = tempDir();
    const laptopA = tempDir();
    const a = await startBench({ backupDir, dataDir: laptopA });
    await a.scim('/Users', { method: 'POST', json: { userName: 'one' } });
    await a.engine.close(); // final backup on close

    const laptopB = await startBench({ backupDir, dataDir: tempDir() }); // new machine: restores
    await laptopB.scim('/Users', { method: 'POST', json: { userName: 'two' } });
    await laptopB.engine.close();

    const again = await startBench({ backupDir, dataDir: laptopA }); // back on A: the folder is ahead
    expect(again.engine.restore.restored).toMatch(/^bench-/);
    expect(again.engine.restore.setAside).toMatch(/bench\.db\.before-restore-/);
    expect(existsSync(again.engine.restore.setAside!)).toBe(true);
    expect(again.engine.store.query('User', { startIndex: 1, count: 10 }).total).toBe(2);
  });

  it('keeps local data when both changed, pauses automatic backups, and a manual backup resolves it', async () => {
    const backupDir = tempDir();
    const laptopA = tempDir();
    const a = await startBench({ backupDir, dataDir: laptopA });
    await a.scim('/Users', { method: 'POST', json: { userName: 'base' } });
    await a.engine.close();
    const b = await startBench({ backupDir, dataDir: tempDir() });
    await b.scim('/Users', { method: 'POST', json: { userName: 'from-b' } });
    await b.scim('/Users', { method: 'POST', json: { userName: 'from-b-2' } });
    await b.engine.close();
    // A changed offline too:
    const offline = await startBench({ dataDir: laptopA });
    await offline.scim('/Users', { method: 'POST', json: { userName: 'from-a' } });
    await offline.engine.close();

    const conflicted = await startBench({ backupDir, dataDir: laptopA });
    expect(conflicted.engine.restore.restored).toBeNull();
    expect(conflicted.engine.restore.conflict).toMatch(/This machine's data was kept/);
    const status = conflicted.engine.backup.getStatus();
    expect(status).toMatchObject({ state: 'error', nextRun: null });
    expect(status.conflict).toMatch(/newer changes/);
    const names = conflicted.engine.store
      .query('User', { startIndex: 1, count: 10 })
      .resources.map((r) => r.data.userName);
    expect(names.sort()).toEqual(['base', 'from-a']);
    expect((await conflicted.engine.backup.runNow()).conflict).toBeNull();
  });

  it('sets a damaged local database aside and restores the newest good generation', async () => {
    const backupDir = tempDir();
    const dataDir = tempDir();
    const first = await startBench({ backupDir, dataDir });
    await first.scim('/Users', { method: 'POST', json: { userName: 'safe' } });
    await first.engine.close();
    writeFileSync(path.join(dataDir, 'bench.db'), 'garbage where a database was');
    const again = await startBench({ backupDir, dataDir });
    expect(again.engine.restore.setAside).toMatch(/bench\.db\.damaged-/);
    expect(again.engine.store.query('User', { startIndex: 1, count: 10 }).total).toBe(1);
  });
});

describe('restore on request, traffic history, hung shares', () => {
  it('restores a chosen generation while running, setting the current database aside', async () => {
    const backupDir = tempDir();
    const { engine, scim } = await startBench({ backupDir });
    await scim('/Users', { method: 'POST', json: { userName: 'keep' } });
    await engine.backup.runNow();
    await scim('/Users', { method: 'POST', json: { userName: 'oops' } });
    const [generation] = await engine.handlers['backup:list']();
    const result = await engine.handlers['backup:restore']({ file: generation!.file });
    expect(result.setAside).toMatch(/before-restore/);
    const users = (await (await scim('/Users')).json()) as { Resources: { userName: string }[] };
    expect(users.Resources.map((u) => u.userName)).toEqual(['keep']);
  });

  it('backs up the traffic history as its own generations and brings it back when it is missing', async () => {
    const backupDir = tempDir();
    const dataDir = tempDir();
    const first = await startBench({ backupDir, dataDir });
    await first.scim('/Users', { method: 'POST', json: { userName: 'logged' } });
    await first.traffic(1);
    await first.engine.backup.runNow();
    expect(manifestOf(backupDir).traffic).toHaveLength(1);
    await first.engine.close();
    rmSync(path.join(dataDir, 'traffic.db'));
    const again = await startBench({ backupDir, dataDir });
    expect((await again.engine.handlers['traffic:list']({})).entries.map((e) => e.operation)).toContain('create-user');
  });

  it('a share that hangs is abandoned after its timeout while the endpoint keeps serving', async () => {
    const backupDir = tempDir();
    let freeze = false;
    const { engine, scim } = await startBench({
      backupDir,
      shareTimeoutMs: 1500,
      // A stopped share process is what a call stuck on a dead SMB mount looks like from outside.
      // (A FIFO, which used to stand in for one, is now refused at once as not a regular file.)
      launchChild: (entry, events) => {
        const child = forkChild(entry, events);
        if (freeze) process.kill(child.pid!, 'SIGSTOP');
        return child;
      },
    });
    await engine.backup.runNow();
    freeze = true;
    const started = Date.now();
    const pending = engine.backup.runNow();
    const during = await scim('/Users', { method: 'POST', json: { userName: 'still-serving' } });
    expect(during.status).toBe(201);
    const status = await pending;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(status.state).toBe('offline');
    expect(status.lastError).toMatch(/stopped answering/);
  });
});
