/**
 * A data folder written by SCIM Bench 0.1 (app/test/fixtures/data-folder-0.1: 3 users with the
 * enterprise and a custom badge extension, 2 groups, 5 memberships, 7 traffic entries), opened by
 * today's stores: all of it becomes the default endpoint's, and a new endpoint starts empty.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT_ID } from '../../shared/endpoints';
import { parseFilter } from '../scim/filter-parser';
import { tempDir } from '../test/temp-dir';
import { openDatabase, type Db } from './database';
import { EndpointStore } from './endpoint-store';
import { BENCH_MIGRATIONS } from './migrations';
import { TRAFFIC_MIGRATIONS } from './traffic-migrations';
import { TrafficStore } from './traffic-store';

const FIXTURE = path.join(import.meta.dirname, '../test/fixtures/data-folder-0.1');
const BADGE = 'urn:contoso:schemas:extension:badge:2.0:User';

const open: { close(): void }[] = [];
afterEach(() => {
  for (const handle of open.splice(0)) handle.close();
});

/** A copy of the 0.1 folder (with its -wal files: part of its data is only there). */
function oldFolder(): string {
  const dir = path.join(tempDir(), 'data');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function openBench(dir: string): { db: Db; endpoints: EndpointStore } {
  const db = openDatabase(path.join(dir, 'bench.db'), { migrations: BENCH_MIGRATIONS });
  open.push(db);
  return { db, endpoints: new EndpointStore(db) };
}

describe('a 0.1 data folder opened by this version', () => {
  it('was made by 0.1: schemas older than this version knows', () => {
    const dir = oldFolder();
    const version = (file: string) => {
      const db = openDatabase(path.join(dir, file), { migrations: [], readonly: true });
      open.push(db);
      return db.pragma('user_version', { simple: true }) as number;
    };
    expect(version('bench.db')).toBe(3);
    expect(version('traffic.db')).toBe(9);
    expect(BENCH_MIGRATIONS.length).toBeGreaterThan(3);
    expect(TRAFFIC_MIGRATIONS.length).toBeGreaterThan(9);
  });

  it("keeps every user, group and membership, as the default endpoint's", () => {
    const { db, endpoints } = openBench(oldFolder());
    expect(endpoints.list().map((e) => e.id)).toEqual([DEFAULT_ENDPOINT_ID]);
    expect(endpoints.counts()).toEqual(new Map([[DEFAULT_ENDPOINT_ID, { users: 3, groups: 2 }]]));
    expect(db.prepare('SELECT DISTINCT endpoint FROM resources').pluck().all()).toEqual([DEFAULT_ENDPOINT_ID]);

    const store = endpoints.resources(DEFAULT_ENDPOINT_ID);
    const users = store.query('User', { startIndex: 1, count: 10 }).resources;
    expect(users.map((u) => u.data.userName)).toEqual(['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com']);
    expect(users.map((u) => (u.data[BADGE] as { badgeNumber: string }).badgeNumber)).toEqual(['000', '001', '002']);
    const groups = store.query('Group', { startIndex: 1, count: 10 }).resources;
    const members = Object.fromEntries(
      groups.map((g) => [
        g.data.displayName,
        store
          .members(g.id)
          .map((m) => m.display)
          .sort(),
      ]),
    );
    expect(members).toEqual({
      Sales: ['alice@contoso.com', 'carol@contoso.com'],
      Everyone: ['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com'],
    });
    // The migrated users have their uniqueness key: 0.1's rule (ignoring case) still holds.
    expect(() => store.create('User', { schemas: [], userName: 'ALICE@contoso.com' })).toThrow(/already taken/);
    expect(
      store.query('User', { filter: parseFilter('userName eq "BOB@contoso.com"'), startIndex: 1, count: 10 }).total,
    ).toBe(1);
  });

  it("keeps every traffic entry, as the default endpoint's", () => {
    const traffic = new TrafficStore(path.join(oldFolder(), 'traffic.db'));
    open.push(traffic);
    const entries = traffic.list({ limit: 100 }).entries;
    expect(entries).toHaveLength(7);
    expect(new Set(entries.map((e) => e.endpoint))).toEqual(new Set([DEFAULT_ENDPOINT_ID]));
    expect(traffic.stats({ endpoint: DEFAULT_ENDPOINT_ID }).total).toBe(7);
    expect(traffic.get(7)).toMatchObject({ method: 'PATCH', endpoint: DEFAULT_ENDPOINT_ID });
  });

  it('gives a second endpoint created in it none of the old data', () => {
    const dir = oldFolder();
    const { endpoints } = openBench(dir);
    const second = endpoints.create({ name: 'second' });
    const store = endpoints.resources(second.id);
    expect(store.query('User', { startIndex: 1, count: 10 }).total).toBe(0);
    expect(store.query('Group', { startIndex: 1, count: 10 }).total).toBe(0);
    expect(
      store.query('User', { filter: parseFilter('userName eq "alice@contoso.com"'), startIndex: 1, count: 10 }).total,
    ).toBe(0);
    store.create('User', { schemas: [], userName: 'alice@contoso.com' }); // free in this endpoint
    expect(endpoints.counts().get(DEFAULT_ENDPOINT_ID)).toEqual({ users: 3, groups: 2 });

    const traffic = new TrafficStore(path.join(dir, 'traffic.db'));
    open.push(traffic);
    expect(traffic.list({ endpoint: second.id, limit: 100 }).entries).toEqual([]);
  });

  it('leaves settings and credentials as 0.1 wrote them (the stores do not touch them)', () => {
    const dir = oldFolder();
    openBench(dir);
    for (const file of ['settings.json', 'credentials.json'])
      expect(readFileSync(path.join(dir, file))).toEqual(readFileSync(path.join(FIXTURE, file)));
  });
});
