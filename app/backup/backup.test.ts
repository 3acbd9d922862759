/** Backups to a real folder and restore at launch, with real SQLite files. (The SMB share comes with issue 5.) */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';
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
        .filter((f) => f.endsWith('.db'))
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
