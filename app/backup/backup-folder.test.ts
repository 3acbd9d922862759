/**
 * Choosing the backup folder, against real folders through the real share child: what saving a
 * folder would do, the rule `settings:update` applies, and a new backup set in a folder that lost
 * its marker — only in the folder in use, only when it did lose it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';
import { MANIFEST, MARKER } from './share';

const check = (engine: Awaited<ReturnType<typeof startBench>>['engine'], dir: string) =>
  engine.handlers['backup:check-folder']({ dir });

describe('backup:check-folder', () => {
  it('says in words what saving each kind of folder would do, and which are refused', async () => {
    const inUse = tempDir();
    const { engine } = await startBench({ backupDir: inUse });
    await engine.backup.runNow();
    const root = tempDir();

    expect(await check(engine, inUse)).toMatchObject({
      state: 'in-use',
      canSave: true,
      verdict: `Backups already go to ${inUse}.`,
      generations: 1,
    });

    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    expect(await check(engine, empty)).toMatchObject({
      state: 'new',
      canSave: true,
      verdict: `A new backup set will be started in ${empty}. It is empty. Backups will go to ${empty} from the next run; the generations in ${inUse} stay there.`,
    });
    expect(readFileSync(path.join(inUse, MARKER), 'utf8')).toBeTruthy();
    expect(existsSync(path.join(empty, MARKER))).toBe(false); // looking writes nothing that stays

    const notYet = path.join(root, 'not-yet');
    expect(await check(engine, notYet)).toMatchObject({
      state: 'will-create',
      canSave: true,
      verdict: expect.stringMatching(`^${notYet} does not exist yet: it will be created in ${root}\\.`),
    });
    expect(existsSync(notYet)).toBe(false);

    const other = tempDir(); // another machine's set
    const theirs = await startBench({ backupDir: other });
    await theirs.engine.backup.runNow();
    expect(await check(engine, other)).toMatchObject({
      state: 'existing-set',
      verdict: expect.stringContaining(`${other} already holds a backup set (1 generation)`),
    });

    const refused = async (dir: string, verdict: RegExp) =>
      expect(await check(engine, dir)).toMatchObject({
        state: 'refused',
        canSave: false,
        verdict: expect.stringMatching(verdict),
      });
    await refused('backups/scim-bench', /is not a full path/);
    await refused(
      path.join(root, 'a', 'b'),
      /^Neither .* nor the folder it would be made in .* exists\. Is the share mounted\?$/,
    );
    const file = path.join(root, 'file');
    writeFileSync(file, 'x');
    await refused(file, /is a file, not a folder/);
    await refused(path.join(file, 'below'), /cannot be created: .*file is a file, not a folder/);
    // access() says yes to root here; a real write says no.
    await refused('/sys', /^SCIM Bench cannot write to \/sys \(EACCES\)/);
    await refused('/sys/scim-bench', /does not exist, and SCIM Bench may not create it in \/sys/);
    const planted = path.join(root, 'planted');
    mkdirSync(planted);
    writeFileSync(path.join(planted, MARKER), 'not an id at all, and far too long to be one '.repeat(4));
    await refused(planted, /holds a \.scim-bench-backup file that SCIM Bench did not write/);
  });

  it('is the rule settings:update applies: a refused folder changes nothing, a new one is created', async () => {
    const inUse = tempDir();
    const { engine } = await startBench({ backupDir: inUse });
    const root = tempDir();
    await expect(
      engine.handlers['settings:update']({ strict: true, backupDir: path.join(root, 'a', 'b') }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^Neither/) });
    expect(engine.settings()).toMatchObject({ strict: false, backupDir: inUse }); // nothing half-applied
    await expect(engine.handlers['settings:update']({ backupDir: 'relative' })).rejects.toThrow(/not a full path/);

    const made = path.join(root, 'made');
    expect((await engine.handlers['settings:update']({ backupDir: made })).backupDir).toBe(made);
    expect(existsSync(made)).toBe(true);
    expect((await engine.backup.runNow()).state).toBe('ok');
    expect(existsSync(path.join(made, MANIFEST))).toBe(true);
    // Off is always allowed, and says nothing about any folder.
    expect((await engine.handlers['settings:update']({ backupDir: null })).backupDir).toBeNull();
  });
});

describe('backup:new-set', () => {
  it('starts a new backup set in a share folder recreated empty, which every backup refused', async () => {
    const share = tempDir();
    const folder = path.join(share, 'scim-bench');
    mkdirSync(folder);
    const { engine } = await startBench({ backupDir: folder });
    expect((await engine.backup.runNow()).state).toBe('ok');
    const oldMarker = readFileSync(path.join(folder, MARKER), 'utf8');

    rmSync(folder, { recursive: true });
    mkdirSync(folder); // recreated empty
    const refused = await engine.backup.runNow();
    expect(refused).toMatchObject({ state: 'offline', lastError: expect.stringMatching(/marker file is missing/) });
    expect(await engine.backup.runNow()).toMatchObject({ state: 'offline' }); // and again, forever

    expect(await check(engine, folder)).toMatchObject({
      state: 'lost-marker',
      canSave: true,
      verdict: expect.stringContaining('start a new backup set in it'),
    });
    // Only the folder in use: not some other folder, not one that has its marker.
    const elsewhere = tempDir();
    await expect(engine.handlers['backup:new-set']({ dir: elsewhere })).rejects.toMatchObject({
      status: 409,
      message: `${elsewhere} is not the backup folder in use (${folder} is)`,
    });
    expect(existsSync(path.join(elsewhere, MARKER))).toBe(false);

    const status = await engine.handlers['backup:new-set']({ dir: folder });
    expect(status).toMatchObject({ state: 'ok', lastError: null, generations: 1 });
    const newMarker = readFileSync(path.join(folder, MARKER), 'utf8');
    expect(newMarker).not.toBe(oldMarker);
    expect(await check(engine, folder)).toMatchObject({ state: 'in-use' });
    expect((await engine.backup.runNow()).state).toBe('ok'); // and the next run too

    await expect(engine.handlers['backup:new-set']({ dir: folder })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('only for a folder that lost its marker'),
    });
    expect(readFileSync(path.join(folder, MARKER), 'utf8')).toBe(newMarker);
  });

  it('is refused while backups are off', async () => {
    const { engine } = await startBench();
    await expect(engine.handlers['backup:new-set']({ dir: tempDir() })).rejects.toThrow(
      'Backups are off: choose the folder first',
    );
  });
});
