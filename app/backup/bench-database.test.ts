/** The database handle's swap: the new file in place, or — when that fails — the old one back, serving. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResourceStore } from '../store/resource-store';
import { tempDir } from '../test/temp-dir';
import { BenchDatabase } from './bench-database';

const userNames = (database: BenchDatabase) =>
  new ResourceStore(database.db).query('User', { startIndex: 1, count: 10 }).resources.map((r) => r.data.userName);
const user = (userName: string) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName });

describe('the bench database handle', () => {
  it('swaps a verified file in and keeps the old one aside', async () => {
    const dir = tempDir();
    const incoming = new BenchDatabase(path.join(dir, 'incoming.db'));
    new ResourceStore(incoming.db).create('User', user('from-backup'));
    incoming.close();
    const database = new BenchDatabase(path.join(dir, 'bench.db'));
    new ResourceStore(database.db).create('User', user('local'));

    const aside = await database.swapIn(path.join(dir, 'incoming.db'));
    expect(database.generation).toBe(1);
    expect(existsSync(aside)).toBe(true);
    const names = userNames(database);
    expect(names).toEqual(['from-backup']);
    database.close();
  });

  it('puts the old file back and serves it when the new one cannot be moved in', async () => {
    const dir = tempDir();
    const database = new BenchDatabase(path.join(dir, 'bench.db'));
    new ResourceStore(database.db).create('User', user('local'));

    await expect(database.swapIn(path.join(dir, 'missing.db'))).rejects.toThrow(/ENOENT/);
    expect(database.db.open).toBe(true);
    const names = userNames(database);
    expect(names).toEqual(['local']);
    database.close();
  });
});
