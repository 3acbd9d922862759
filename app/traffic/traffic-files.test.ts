/**
 * The traffic log's files, attacked from the file system: other local users reading them, cleared
 * traffic read back out of free pages, a flood that grows the file without bound, the file deleted
 * under a running bench.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { TRAFFIC_MIGRATIONS } from '../store/traffic-migrations';
import { TrafficStore } from '../store/traffic-store';
import { startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const mode = (file: string) => statSync(file).mode & 0o777;
const fileSize = (file: string) => (existsSync(file) ? statSync(file).size : 0);
/** traffic.db and its WAL, as one lower-cased string (the full-text index stores words lower-cased). */
const trafficText = (dataDir: string) =>
  ['traffic.db', 'traffic.db-wal']
    .map((f) => (existsSync(path.join(dataDir, f)) ? readFileSync(path.join(dataDir, f)).toString('latin1') : ''))
    .join('')
    .toLowerCase();

describe('permissions', () => {
  it('the data folder is 0700; databases (with -wal and -shm) and JSON files are 0600, also when an older bench left them open', async () => {
    const dataDir = path.join(tempDir(), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    closeSync(openSync(path.join(dataDir, 'traffic.db'), 'w', 0o644));
    chmodSync(path.join(dataDir, 'traffic.db'), 0o644);
    const { scim, traffic, engine } = await startBench({ dataDir });
    await scim('/Users', { method: 'POST', json: { schemas: [USER], userName: 'modes' } });
    await traffic(1);
    await engine.handlers['settings:update']({ strict: false });
    expect(mode(dataDir)).toBe(0o700);
    const files = ['bench.db', 'traffic.db', 'credentials.json', 'credentials.json.last-good', 'settings.json'];
    for (const sidecar of ['-wal', '-shm']) files.push(`bench.db${sidecar}`, `traffic.db${sidecar}`);
    for (const file of files) expect([file, mode(path.join(dataDir, file))]).toEqual([file, 0o600]);
  });
});

describe('an existing traffic.db', () => {
  it('is upgraded: refused entries leave the index, old entries count as unauthenticated, the file can shrink', () => {
    const file = path.join(tempDir(), 'traffic.db');
    const old = openDatabase(file, { migrations: TRAFFIC_MIGRATIONS.slice(0, 4) });
    const insert = old.prepare(`INSERT INTO traffic (time, client, method, path, query, status, duration_ms, operation,
      sentence, request_headers, request_body, response_headers, notes) VALUES (?, 'other', 'POST', '/scim/v2/Users', '', ?,
      1, ?, 's', '{}', ?, '{}', '[]')`);
    insert.run(new Date().toISOString(), 401, 'auth-failed', 'refusedword');
    insert.run(new Date().toISOString(), 201, 'create-user', 'createdword');
    expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
    old.close();
    const store = new TrafficStore(file);
    expect(store.db.pragma('auto_vacuum', { simple: true })).toBe(2); // INCREMENTAL, after a one-time VACUUM
    expect(store.list({ text: 'refusedword' }).entries).toHaveLength(0);
    expect(store.list({ text: 'createdword' }).entries.map((e) => e.authenticated)).toEqual([false]);
    store.close();
  });
});

describe('deleted traffic leaves no trace in the file', () => {
  it('cleared: a value once recorded is not in traffic.db, its free pages or its WAL', async () => {
    const { scim, traffic, engine } = await startBench();
    const { dataDir } = await engine.handlers['info:get']();
    await scim('/Users', { method: 'POST', json: { schemas: [USER], userName: 'ClearedCanaryQuokka@contoso.com' } });
    await traffic(1);
    expect(trafficText(dataDir)).toContain('clearedcanaryquokka');
    await engine.handlers['traffic:clear'](undefined);
    expect(trafficText(dataDir)).not.toContain('clearedcanaryquokka');
    await engine.close();
    expect(trafficText(dataDir)).not.toContain('clearedcanaryquokka');
  });

  it('expired: entries pruned by retention leave the file, the full-text index included', async () => {
    const { scim, traffic, engine } = await startBench({ retention: { maxEntries: 3, maxAgeDays: 30 } });
    const { dataDir } = await engine.handlers['info:get']();
    await scim('/Users', { method: 'POST', json: { schemas: [USER], userName: 'ExpiredCanaryWombat@contoso.com' } });
    for (let i = 0; i < 5; i++) await scim(`/Users?filter=${encodeURIComponent(`userName eq "u${i}"`)}`);
    await traffic(6);
    expect(await engine.retention.run()).toBe(3);
    expect(trafficText(dataDir)).not.toContain('expiredcanarywombat');
  });
});

describe('the byte limit', () => {
  it('large authenticated bodies are pruned to the limit, oldest first, and the file shrinks', async () => {
    const maxBytes = 8 * 1024 * 1024;
    const { scim, traffic, engine } = await startBench({
      retention: { maxEntries: 100_000, maxAgeDays: 30, maxBytes },
    });
    const { dataDir } = await engine.handlers['info:get']();
    const file = path.join(dataDir, 'traffic.db');
    for (let i = 0; i < 24; i++)
      await scim('/Users', {
        method: 'POST',
        json: { schemas: [USER], userName: `big${i}`, title: `${i} ${'t'.repeat(700 * 1024)}` },
      });
    await traffic(24);
    const before = fileSize(file) + fileSize(`${file}-wal`);
    expect(before).toBeGreaterThan(3 * maxBytes);
    const removed = await engine.retention.run();
    const after = fileSize(file) + fileSize(`${file}-wal`);
    console.log(
      `byte limit ${maxBytes / 2 ** 20} MiB: traffic.db ${(before / 2 ** 20).toFixed(1)} MB → ${(after / 2 ** 20).toFixed(1)} MB, ${removed} entries pruned`,
    );
    expect(engine.traffic.usedBytes()).toBeLessThanOrEqual(maxBytes);
    expect(after).toBeLessThanOrEqual(maxBytes * 1.1);
    const left = (await engine.handlers['traffic:list']({})).entries;
    expect(left.length).toBe(24 - removed);
    expect(left.length).toBeGreaterThan(0);
    expect(Math.min(...left.map((e) => e.id))).toBe(removed + 1); // the oldest went first
  });
});

describe('traffic.db deleted while running', () => {
  it('is noticed and reopened: new traffic lands in a new traffic.db, which the console reads', async () => {
    const { scim, traffic, engine } = await startBench();
    const warnings: string[] = [];
    engine.on('warning', (message) => warnings.push(message));
    const { dataDir } = await engine.handlers['info:get']();
    const file = path.join(dataDir, 'traffic.db');
    await scim('/ServiceProviderConfig');
    await traffic(1);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the file is looked at once a second
    await scim('/Users', { method: 'POST', json: { schemas: [USER], userName: 'after-delete' } });
    let operations: string[] = [];
    for (let i = 0; i < 100 && operations[0] !== 'create-user'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      operations = (await engine.handlers['traffic:list']({})).entries.map((e) => e.operation);
    }
    expect(operations).toEqual(['create-user']); // the old entry went with the old file
    expect(existsSync(file)).toBe(true);
    expect(warnings.join('\n')).toMatch(/traffic\.db was deleted or replaced/);
    const onDisk = new Database(file, { readonly: true });
    expect(onDisk.prepare('SELECT operation FROM traffic').pluck().all()).toEqual(['create-user']);
    onDisk.close();
    await scim('/ServiceProviderConfig'); // and it goes on recording there
    expect((await traffic(2)).length).toBe(2);
  });
});
