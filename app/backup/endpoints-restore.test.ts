/**
 * Endpoints through backup and restore: the restore report says what came back per endpoint, an
 * old generation (from before endpoints) lands as the default endpoint, and a generation whose
 * endpoints do not hold together is refused. Real SQLite files, a real backup folder.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT_ID } from '../../shared/endpoints';
import { openDatabase } from '../store/database';
import { EndpointStore } from '../store/endpoint-store';
import { BENCH_MIGRATIONS } from '../store/migrations';
import { startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';
import { adopt, snapshot } from './generation-db';
import { endpointsRestored } from './restored-endpoints';

const FIXTURE = path.join(import.meta.dirname, '../test/fixtures/data-folder-0.1');

/** A generation file as a backup of `dbFile` would publish it. */
function generationOf(dbFile: string): string {
  const file = path.join(tempDir(), 'generation.db');
  snapshot(dbFile, file, 'bench');
  return file;
}

/** A bench.db with the default endpoint and `second`, some resources in each; returns its path. */
function twoEndpointDb(): string {
  const file = path.join(tempDir(), 'bench.db');
  const db = openDatabase(file, { migrations: BENCH_MIGRATIONS });
  const endpoints = new EndpointStore(db);
  const second = endpoints.create({ name: 'second' });
  const store = endpoints.resources(second.id);
  store.create('User', { schemas: [], userName: 'a' });
  store.create('User', { schemas: [], userName: 'b' });
  store.create('Group', { schemas: [], displayName: 'g' });
  endpoints.resources(DEFAULT_ENDPOINT_ID).create('User', { schemas: [], userName: 'a' });
  db.close();
  return file;
}

const adopted = (source: string) => {
  const dest = path.join(tempDir(), 'adopted.db');
  adopt(source, dest, 'bench');
  return dest;
};

describe('endpoints in backups', () => {
  it('an old generation (no endpoints, no endpoint column) lands as the default endpoint, uniqueness included', () => {
    const folder = path.join(tempDir(), 'old');
    cpSync(FIXTURE, folder, { recursive: true });
    const old = generationOf(path.join(folder, 'bench.db'));
    expect(endpointsRestored(old)).toEqual([{ id: DEFAULT_ENDPOINT_ID, name: 'default', users: 3, groups: 2 }]);

    const dest = adopted(old);
    expect(endpointsRestored(dest)).toEqual([{ id: DEFAULT_ENDPOINT_ID, name: 'default', users: 3, groups: 2 }]);
    const db = openDatabase(dest, { migrations: BENCH_MIGRATIONS });
    try {
      const store = new EndpointStore(db).resources(DEFAULT_ENDPOINT_ID);
      expect(() => store.create('User', { schemas: [], userName: 'Carol@Contoso.com' })).toThrow(/already taken/);
      expect(db.prepare('SELECT count(*) FROM members').pluck().get()).toBe(5);
    } finally {
      db.close();
    }
  });

  it('a generation with several endpoints is adopted with each one, and the report counts them', () => {
    const dest = adopted(generationOf(twoEndpointDb()));
    expect(endpointsRestored(dest)).toEqual([
      { id: DEFAULT_ENDPOINT_ID, name: 'default', users: 1, groups: 0 },
      { id: expect.stringMatching(/^[0-9a-f]{12}$/) as string, name: 'second', users: 2, groups: 1 },
    ]);
  });

  it('refuses a generation whose endpoints do not hold together', () => {
    const forged = (sql: string) => {
      const file = generationOf(twoEndpointDb());
      const db = openDatabase(file, { migrations: BENCH_MIGRATIONS });
      db.exec(sql);
      db.close();
      return () => adopted(file);
    };
    expect(forged(`UPDATE endpoints SET profile = '{"sort":"yes"}' WHERE id <> 'default'`)).toThrow(
      /a profile this bench cannot read/,
    );
    expect(forged(`UPDATE endpoints SET schema = '{"extensions":[{}]}' WHERE id <> 'default'`)).toThrow(
      /a schema this bench cannot read/,
    );
    expect(forged(`UPDATE resources SET endpoint = 'nowhere' WHERE rowid = 1`)).toThrow(/belong to no endpoint/);
    expect(
      forged(`DELETE FROM resources WHERE endpoint = 'default'; DELETE FROM endpoints WHERE id = 'default'`),
    ).toThrow(/no default endpoint/);
    // A forged uniqueness key does not let two users share a userName: the keys are derived again.
    expect(
      forged(
        `UPDATE resources SET data = json_set(data, '$.userName', 'A'), user_key = 'forged' WHERE user_name = 'b'`,
      ),
    ).toThrow(/do not fit/);
  });

  it('the restore report names every endpoint with its users and groups', async () => {
    const backupDir = tempDir();
    const dataDir = tempDir();
    const first = await startBench({ backupDir, dataDir });
    await first.scim('/Users', { method: 'POST', json: { userName: 'erin' } });
    const db = openDatabase(path.join(dataDir, 'bench.db'), { migrations: BENCH_MIGRATIONS });
    const endpoints = new EndpointStore(db);
    const other = endpoints.create({ name: 'other' });
    endpoints.resources(other.id).create('Group', { schemas: [], displayName: 'g' });
    db.close();
    await first.engine.backup.runNow();

    const second = await startBench({ backupDir, dataDir: tempDir() });
    expect(second.engine.restore.restored).not.toBeNull();
    expect(second.engine.restore.endpoints).toEqual([
      { id: DEFAULT_ENDPOINT_ID, name: 'default', users: 1, groups: 0 },
      { id: other.id, name: 'other', users: 0, groups: 1 },
    ]);
  });
});
