/**
 * The backup share is untrusted input (docs/security.md): anyone who can write the share can write
 * its manifest and its generation files. These tests build such a share for real — a crafted
 * manifest.json, symbolic links, crafted SQLite generations — and start real benches against it.
 * Where today's code would fill the disk, the data folder sits on a small tmpfs (root only; the
 * tests that need it skip, saying why, elsewhere).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startBench } from '../test/bench-harness';
import { forkChild } from './child-launcher';
import { tempDir } from '../test/temp-dir';
import { MANIFEST, MARKER, type Generation, type Manifest } from './share';

const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
const writeManifest = (dir: string, manifest: Manifest) =>
  writeFileSync(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2));
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A share with one real generation of a bench holding `users`; returns it with its entry. */
async function realShare(users: string[] = ['alice']) {
  const backupDir = tempDir();
  const { engine } = await startBench({ backupDir });
  engine.store.transaction(() => {
    for (const userName of users) engine.store.create('User', { schemas: [], userName });
  });
  await engine.backup.runNow();
  const [generation] = manifestOf(backupDir).generations;
  await engine.close();
  return { backupDir, generation: generation! };
}

/** A share with a traffic generation of one request, made by a bench that then stopped. */
async function trafficShare(userName: string) {
  const backupDir = tempDir();
  const dataDir = tempDir();
  const first = await startBench({ backupDir, dataDir });
  await first.scim('/Users', { method: 'POST', json: { userName } });
  await first.traffic(1);
  await first.engine.backup.runNow();
  await first.engine.close();
  return { backupDir, dataDir, real: manifestOf(backupDir).traffic![0]! };
}

let stampSeq = 0;
/** A name of the bench's own pattern, newer than any real one. */
const benchName = () => `bench-2099010${1 + (stampSeq % 9)}T${String(100000 + stampSeq++).slice(-6)}-c7.db`;

/** Copies a real generation under a new name, lets `mutate` rewrite it, and returns its honest entry. */
function craft(
  backupDir: string,
  base: Generation,
  mutate: (db: Database.Database) => void,
  file = benchName(),
): Generation {
  const target = path.join(backupDir, file);
  copyFileSync(path.join(backupDir, base.file), target);
  const db = new Database(target);
  db.pragma('journal_mode = DELETE');
  mutate(db);
  db.close();
  return { ...base, file, sha256: sha256(target), size: readFileSync(target).length };
}

const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) execFileSync('umount', ['-l', dir]);
});
/** A folder on its own tiny file system: what a nearly full local disk looks like. */
function smallDisk(bytes: number): string {
  const dir = tempDir();
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  mounted.push(dir);
  return dir;
}
const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  try {
    const probe = smallDisk(1 << 20);
    execFileSync('umount', [probe]);
    mounted.pop();
    return true;
  } catch {
    return false;
  }
})();
if (!canMount) console.warn('hostile-share tests on a small local disk skipped: mounting a tmpfs needs root');
const freeBytes = (dir: string) => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

/** Sends SCIM requests one after another until `until` settles; returns the slowest, in ms. */
async function slowestRequestDuring(url: string, token: string, until: Promise<unknown>): Promise<number> {
  let done = false;
  void until.finally(() => (done = true));
  let slowest = 0;
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${url}/ServiceProviderConfig`, { headers: { Authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    slowest = Math.max(slowest, performance.now() - started);
  }
  await until;
  return slowest;
}

describe('a hostile share: names in the manifest', () => {
  it('never deletes what the bench did not publish: ../victim, the data folder, a note with a generation name', async () => {
    const backupDir = tempDir();
    const dataDir = tempDir();
    const victimDir = tempDir();
    const victim = path.join(victimDir, 'important.txt');
    writeFileSync(victim, 'the victim');
    const { engine, scim } = await startBench({ backupDir, dataDir, backupGenerations: 1 });
    expect((await engine.backup.runNow()).state).toBe('ok');
    const [real] = manifestOf(backupDir).generations;
    const note = 'bench-20000101T000000-c1.db'; // the bench's pattern, but someone's text file
    writeFileSync(path.join(backupDir, note), 'notes, not a database');
    const linked = 'bench-20000101T000001-c2.db';
    symlinkSync(victim, path.join(backupDir, linked));
    const names = [
      path.relative(backupDir, victim), // ../scim-bench-xxx/important.txt
      path.relative(backupDir, path.join(dataDir, 'credentials.json')),
      path.relative(backupDir, path.join(dataDir, 'bench.db')),
      path.join(dataDir, 'bench.db'),
      note,
      linked,
    ];
    writeManifest(backupDir, {
      format: 1,
      generations: [real!, ...names.map((file) => ({ ...real!, file }))],
    });

    await scim('/Users', { method: 'POST', json: { userName: 'next' } });
    const status = await engine.backup.runNow(); // publishes one, prunes the rest
    expect(status.state).toBe('ok');
    expect(readFileSync(victim, 'utf8')).toBe('the victim');
    expect(existsSync(path.join(dataDir, 'credentials.json'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'bench.db'))).toBe(true);
    expect(readFileSync(path.join(backupDir, note), 'utf8')).toBe('notes, not a database');
    const listed = manifestOf(backupDir).generations.map((g) => g.file);
    expect(listed).toHaveLength(1);
    expect(listed).not.toContain(note);
    expect(existsSync(path.join(backupDir, real!.file))).toBe(false); // its own old generation did go
  });

  it.skipIf(!canMount)(
    'restores nothing through a name or a link leaving the share, and stops every copy at the recorded size',
    async () => {
      const { backupDir, generation } = await realShare(['kept']);
      const outside = path.join(tempDir(), 'elsewhere.db');
      copyFileSync(path.join(backupDir, generation.file), outside); // a valid database, but not in the share
      const toZero = benchName();
      symlinkSync('/dev/zero', path.join(backupDir, toZero));
      const toOutside = benchName();
      symlinkSync(outside, path.join(backupDir, toOutside));
      const huge = benchName();
      writeFileSync(path.join(backupDir, huge), '');
      truncateSync(path.join(backupDir, huge), 256 << 20); // larger than the data folder's disk
      writeManifest(backupDir, {
        format: 1,
        generations: [
          { ...generation, file: '../../../../../../../../dev/zero', size: 4096 },
          { ...generation, file: toZero, size: 4096 },
          { ...generation, file: toOutside },
          { ...generation, file: huge, size: 4096 },
          generation,
        ],
      });

      const dataDir = smallDisk(32 << 20);
      const free = freeBytes(dataDir);
      const { engine } = await startBench({ backupDir, dataDir });
      expect(engine.restore.restored).toBe(generation.file);
      expect(engine.store.query('User', { startIndex: 1, count: 5 }).resources[0]!.data.userName).toBe('kept');
      expect(engine.restore.skipped.map((s) => s.reason)).toEqual([
        expect.stringMatching(/not a generation name/),
        expect.stringMatching(/symbolic link/),
        expect.stringMatching(/symbolic link/),
        expect.stringMatching(/larger than the 4096 bytes/),
      ]);
      expect(free - freeBytes(dataDir)).toBeLessThan(4 << 20); // only the database itself was written
    },
  );

  it('refuses to restore from a folder without its marker, at launch and on request', async () => {
    const { backupDir, generation } = await realShare(['from-the-share']);
    rmSync(path.join(backupDir, MARKER)); // an empty mount point with someone's copy of the files

    const fresh = await startBench({ backupDir, dataDir: tempDir() });
    expect(fresh.engine.restore.restored).toBeNull();
    expect(fresh.engine.restore.skipped).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/marker file is missing/) }),
    ]);
    await expect(fresh.engine.handlers['backup:restore']({ file: generation.file })).rejects.toThrow(
      /marker file is missing/,
    );
    expect(fresh.engine.store.query('User', { startIndex: 1, count: 5 }).total).toBe(0);
  });

  it.skipIf(!canMount)('reports a full local disk as local, not as a full backup share', async () => {
    const { backupDir } = await realShare(Array.from({ length: 2000 }, (_, i) => `user-${i}-${'x'.repeat(2000)}`));
    const dataDir = smallDisk(2 << 20); // smaller than the generation
    const { engine } = await startBench({ backupDir, dataDir });
    expect(engine.restore.restored).toBeNull();
    const [skipped] = engine.restore.skipped;
    expect(skipped!.reason).toMatch(/local disk/);
    expect(skipped!.reason).not.toMatch(/backup share .* is full/);

    // Backing up from a nearly full disk: the snapshot cannot be written locally.
    const local = smallDisk(32 << 20);
    const bench = await startBench({ backupDir: tempDir(), dataDir: local });
    bench.engine.store.transaction(() => {
      for (let i = 0; i < 300; i++)
        bench.engine.store.create('User', { schemas: [], userName: `u${i}`, title: 'y'.repeat(4000) });
    });
    writeFileSync(path.join(local, 'filler'), Buffer.alloc(Math.max(0, freeBytes(local) - (256 << 10))));
    const status = await bench.engine.backup.runNow();
    expect(status.state).toBe('error');
    expect(status.lastError).toMatch(/local disk/);
    expect(status.lastError).not.toMatch(/backup share .* is full/);
    rmSync(path.join(local, 'filler'));
  });

  it('refuses a manifest that is not a regular file at once (a FIFO would block any reader)', async () => {
    const backupDir = tempDir();
    const { engine } = await startBench({ backupDir, shareTimeoutMs: 10_000 });
    await engine.backup.runNow();
    rmSync(path.join(backupDir, MANIFEST));
    execFileSync('mkfifo', [path.join(backupDir, MANIFEST)]);
    const started = Date.now();
    const status = await engine.backup.runNow();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(status.state).toBe('error');
    expect(status.lastError).toMatch(/manifest\.json .*not a regular file/);
  });
});

describe('a hostile share: crafted generations', () => {
  it('copies the rows into a fresh database: triggers and extra tables stay on the share', async () => {
    const { backupDir, generation } = await realShare(['victim']);
    const crafted = craft(backupDir, generation, (db) =>
      db.exec(`
        CREATE TRIGGER grant_admin AFTER INSERT ON resources BEGIN
          UPDATE resources SET data = json_set(data, '$.roles', json('[{"value":"GlobalAdmin"}]')) WHERE id = new.id;
        END;
        CREATE TRIGGER undelete AFTER DELETE ON resources BEGIN
          INSERT INTO resources (id, type, data, version, created, last_modified)
          VALUES (old.id, old.type, old.data, old.version, old.created, old.last_modified);
        END;
        CREATE TABLE planted (x TEXT);
        INSERT INTO planted VALUES ('republish me');
      `),
    );
    writeManifest(backupDir, { format: 1, generations: [crafted, generation] });

    const dataDir = tempDir();
    const { engine, scim } = await startBench({ backupDir, dataDir });
    expect(engine.restore.restored).toBe(crafted.file);
    const created = (await (await scim('/Users', { method: 'POST', json: { userName: 'newcomer' } })).json()) as {
      id: string;
    };
    const fetched = (await (await scim(`/Users/${created.id}`)).json()) as { roles?: unknown };
    expect(fetched.roles).toBeUndefined();
    const victim = engine.store
      .query('User', { startIndex: 1, count: 5 })
      .resources.find((r) => r.data.userName === 'victim')!;
    expect((await scim(`/Users/${victim.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await scim(`/Users/${victim.id}`)).status).toBe(404);

    const local = new Database(path.join(dataDir, 'bench.db'), { readonly: true });
    const objects = local.prepare(`SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'trigger')`).all();
    local.close();
    expect(objects).not.toContainEqual(expect.objectContaining({ name: 'planted' }));
    expect(objects).not.toContainEqual(expect.objectContaining({ type: 'trigger' }));

    await engine.backup.runNow();
    const [published] = manifestOf(backupDir).generations;
    const republished = new Database(path.join(backupDir, published!.file), { readonly: true });
    const tables = republished.prepare(`SELECT name FROM sqlite_schema WHERE name = 'planted'`).all();
    republished.close();
    expect(tables).toEqual([]);
  });

  it('skips, with a named reason, generations it cannot adopt — and the bench starts and serves whatever the share holds', async () => {
    const { backupDir, generation } = await realShare(['good']);
    const hostile = [
      craft(backupDir, generation, (db) => db.pragma('user_version = 99')),
      craft(backupDir, generation, (db) => db.exec('DROP TABLE meta')),
      craft(backupDir, generation, (db) =>
        db.exec(`ALTER TABLE resources RENAME TO real_resources;
                 CREATE VIEW resources AS SELECT * FROM real_resources`),
      ),
      craft(backupDir, generation, (db) => {
        db.pragma('ignore_check_constraints = ON');
        db.exec(`UPDATE resources SET type = 'Admin'`);
      }),
      craft(backupDir, generation, (db) => db.exec(`UPDATE meta SET value = 'not a number' WHERE key = 'changes'`)),
    ];
    const reasons = [/newer SCIM Bench/, /no meta table/, /resources is a view/, /CHECK constraint/, /changes/];

    writeManifest(backupDir, { format: 1, generations: [...hostile, generation] });
    const withGood = await startBench({ backupDir, dataDir: tempDir() });
    expect(withGood.engine.restore.restored).toBe(generation.file);
    expect(withGood.engine.restore.skipped.map((s) => s.reason)).toEqual(reasons.map((r) => expect.stringMatching(r)));
    await withGood.engine.close();

    writeManifest(backupDir, { format: 1, generations: hostile });
    const onlyHostile = await startBench({ backupDir, dataDir: tempDir() });
    expect(onlyHostile.engine.restore.restored).toBeNull();
    expect(onlyHostile.engine.restore.skipped.map((s) => s.reason)).toEqual(
      reasons.map((r) => expect.stringMatching(r)),
    );
    expect((await onlyHostile.scim('/Users', { method: 'POST', json: { userName: 'fresh' } })).status).toBe(201);
  });

  it('a crafted traffic generation: its rows come back, its trigger does not', async () => {
    const { backupDir, dataDir, real } = await trafficShare('logged');
    const crafted = craft(
      backupDir,
      real,
      (db) => db.exec(`CREATE TRIGGER forget AFTER INSERT ON traffic BEGIN DELETE FROM traffic; END;`),
      'traffic-20990101T000000.db',
    );
    writeManifest(backupDir, { ...manifestOf(backupDir), traffic: [crafted] });
    rmSync(path.join(dataDir, 'traffic.db'));

    const again = await startBench({ backupDir, dataDir });
    await again.scim('/Users', { method: 'POST', json: { userName: 'after-restore' } });
    const entries = await again.traffic(2);
    expect(entries.map((e) => e.operation)).toEqual(['create-user', 'create-user']);
    // Its rows went in through the bench's own triggers: the full-text index has them.
    const found = await again.engine.handlers['traffic:list']({ text: 'logged' });
    expect(found.entries.map((e) => e.operation)).toEqual(['create-user']);
  });
});

describe('generations of an older schema', () => {
  it('are adopted by the columns both have (a traffic generation without a column added since)', async () => {
    const { backupDir, dataDir, real } = await trafficShare('older');
    const older = craft(
      backupDir,
      real,
      (db) => {
        db.exec('ALTER TABLE traffic DROP COLUMN after_json');
        db.pragma('user_version = 3');
      },
      'traffic-20990101T000001.db',
    );
    writeManifest(backupDir, { ...manifestOf(backupDir), traffic: [older] });
    rmSync(path.join(dataDir, 'traffic.db'));

    const again = await startBench({ backupDir, dataDir });
    expect(again.engine.restore.skipped).toEqual([]);
    const [entry] = (await again.engine.handlers['traffic:list']({})).entries;
    expect(entry).toMatchObject({ operation: 'create-user', path: '/scim/v2/Users' });
    expect(again.engine.traffic.get(entry!.id)!.after).toBeNull();
  });
});

describe('a hostile share: the manifest', () => {
  it('refuses a manifest of 120,000 entries at once, and the endpoint keeps answering', async () => {
    const backupDir = tempDir();
    const bench = await startBench({ backupDir });
    await bench.engine.backup.runNow();
    const [real] = manifestOf(backupDir).generations;
    writeManifest(backupDir, {
      format: 1,
      generations: Array.from({ length: 120_000 }, (_, i) => ({ ...real!, file: `bench-20000101T000000-c${i}.db` })),
    });
    await bench.scim('/Users', { method: 'POST', json: { userName: 'another' } });
    const running = bench.engine.backup.runNow();
    const slowest = await slowestRequestDuring(bench.url, bench.engine.token, running);
    const status = await running;
    expect(status.state).toBe('error');
    expect(status.lastError).toMatch(/manifest\.json .*larger than/);
    expect(slowest).toBeLessThan(2000);
  });

  it('reads and rewrites the largest manifest it allows without stalling the endpoint', async () => {
    const backupDir = tempDir();
    const bench = await startBench({ backupDir, backupGenerations: 10 });
    await bench.engine.backup.runNow();
    const [real] = manifestOf(backupDir).generations;
    const host = 'h'.repeat(255);
    // 1,000 entries (the most --backup-generations allows), half of them duplicates.
    const generations = [
      real!,
      ...Array.from({ length: 999 }, (_, i) => ({ ...real!, host, file: `bench-20000101T000000-c${i % 500}.db` })),
    ];
    writeManifest(backupDir, { format: 1, generations });
    const bytes = readFileSync(path.join(backupDir, MANIFEST)).length;
    await bench.scim('/Users', { method: 'POST', json: { userName: 'another' } });

    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const running = bench.engine.backup.runNow();
    const slowest = await slowestRequestDuring(bench.url, bench.engine.token, running);
    delay.disable();
    const status = await running;
    console.info(
      `largest manifest (${generations.length} entries, ${(bytes / 1024).toFixed(0)} KiB): slowest SCIM request ` +
        `${slowest.toFixed(1)} ms, longest event-loop stall ${(delay.max / 1e6).toFixed(1)} ms`,
    );
    expect(status.state).toBe('ok');
    const kept = manifestOf(backupDir).generations.map((g) => g.file);
    expect(kept).toHaveLength(10);
    expect(new Set(kept).size).toBe(10);
    expect(delay.max / 1e6).toBeLessThan(1000);
  });
});

describe('snapshots', () => {
  it('a deleted secret does not travel to the share: generations carry no free pages', async () => {
    const backupDir = tempDir();
    const { engine, scim, traffic } = await startBench({ backupDir });
    const canary = `canary${randomUUID().replace(/-/g, '')}`;
    await scim('/Users', { method: 'POST', json: { userName: 'keeper' } });
    const secret = (await (
      await scim('/Users', { method: 'POST', json: { userName: canary, title: canary.repeat(500) } })
    ).json()) as { id: string };
    expect((await scim(`/Users/${secret.id}`, { method: 'DELETE' })).status).toBe(204);
    await traffic(3);
    await engine.handlers['traffic:clear']();
    await scim('/Users', { method: 'POST', json: { userName: 'after-clear' } });
    await traffic(1);

    expect((await engine.backup.runNow()).state).toBe('ok');
    const manifest = manifestOf(backupDir);
    for (const generation of [manifest.generations[0]!, manifest.traffic![0]!]) {
      const bytes = readFileSync(path.join(backupDir, generation.file));
      expect(bytes.includes(canary), `${generation.file} holds the deleted canary`).toBe(false);
    }
  });

  it('leaves no staging files behind (the snapshot, its -wal and -shm)', async () => {
    const backupDir = tempDir();
    const dataDir = tempDir();
    const { engine, scim, traffic } = await startBench({ backupDir, dataDir });
    for (const userName of ['one', 'two']) {
      await scim('/Users', { method: 'POST', json: { userName } });
      await traffic(1);
      expect((await engine.backup.runNow()).state).toBe('ok');
    }
    expect(readdirSync(dataDir).filter((f) => f.includes('staging'))).toEqual([]);
  });

  it('keeps serving SCIM requests while a large database is snapshotted', async () => {
    const backupDir = tempDir();
    const { engine, url } = await startBench({ backupDir });
    engine.store.transaction(() => {
      for (let i = 0; i < 3000; i++)
        engine.store.create('User', { schemas: [], userName: `bulk${i}`, title: `${i}`.padEnd(10_000, 'x') });
    });
    const running = engine.backup.runNow();
    const slowest = await slowestRequestDuring(url, engine.token, running);
    expect((await running).state).toBe('ok');
    expect(slowest).toBeLessThan(2000);
  });
});

describe('the share child process', () => {
  it('is a real entry file started by the host’s launcher; dying mid-call fails that call, and the next call starts a new one', async () => {
    const backupDir = tempDir();
    const launched: string[] = [];
    let killNext = false;
    const { engine } = await startBench({
      backupDir,
      launchChild: (entry, events) => {
        launched.push(entry);
        const child = forkChild(entry, events);
        return {
          send(message) {
            child.send(message);
            if (killNext) {
              killNext = false;
              child.kill();
            }
          },
          kill: () => child.kill(),
        };
      },
    });
    expect((await engine.backup.runNow()).state).toBe('ok');
    expect(launched.length).toBeGreaterThan(0);
    for (const entry of launched) expect(entry).toMatch(/share-child\.cjs$/);

    killNext = true;
    const failed = await engine.backup.runNow();
    expect(failed.state).toBe('error');
    expect(failed.lastError).toMatch(/share process ended/);
    expect((await engine.backup.runNow()).state).toBe('ok');
  });
});
