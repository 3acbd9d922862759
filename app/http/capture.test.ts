/**
 * Capture's bounds and labels, attacked over real HTTP on loopback into a real traffic.db. The app
 * here is capture plus a stand-in for authentication (a fixed token), so that capture is tested
 * whatever the listener in front of it reads: the whole body of a refused request (as before the
 * SCIM port authenticated first) or a 4 KB head of it (as after).
 */
import { statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { DialectNote } from '../../shared/types';
import { TrafficStore } from '../store/traffic-store';
import { tempDir } from '../test/temp-dir';
import { MAX_NOTES, MAX_NOTE_CHARS, MAX_SENTENCE_CHARS, REFUSED_BODY_BYTES, captureTraffic } from './capture';

const GOOD = 'Bearer good-token-0123456789';
const MARK = 'console-mark-for-this-run';
const open: { close(): void }[] = [];
afterEach(() => {
  for (const thing of open.splice(0)) thing.close();
});

async function bench(options: { head?: boolean; locals?: Record<string, unknown> } = {}) {
  const file = path.join(tempDir(), 'traffic.db');
  const store = new TrafficStore(file);
  const app = express();
  app.use(
    captureTraffic({
      maxBodyBytes: 1024 * 1024,
      record: (entry) => store.insertMany([entry]),
      fingerprint: (secret) => `fp${secret.length}`,
      consoleMark: MARK,
    }),
  );
  app.use(express.raw({ type: () => true, limit: '20mb' }));
  app.use((req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    if (body) res.locals.rawBody = options.head ? `${body.slice(0, 4096)}…[the rest was not read]` : body;
    Object.assign(res.locals, options.locals);
    if (req.headers.authorization === GOOD) {
      res.locals.authenticated = true;
      res.status(200).json({ ok: true });
    } else {
      res.locals.operation = 'auth-failed';
      res.status(401).json({ detail: 'No valid credentials' });
    }
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  open.push(server, store);
  const port = (server.address() as AddressInfo).port;
  /** A raw request: the target goes on the wire exactly as given (fetch would resolve %2e%2e). */
  const send = (target: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: target, method: init.method ?? 'GET', headers: init.headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
  const entries = () => store.iterate({});
  const size = () =>
    ['', '-wal'].reduce((sum, s) => {
      try {
        return sum + statSync(file + s).size;
      } catch {
        return sum;
      }
    }, 0);
  return { store, send, entries, size };
}

describe('refused requests', () => {
  it('200 unauthenticated 1 MB uploads keep 4 KB heads each, never indexed: traffic.db grows by about 1 MB, not 200', async () => {
    const { store, send, entries, size } = await bench();
    const before = size();
    const body = `{"userName":"floodword ${'x'.repeat(1024 * 1024)}"}`;
    for (let i = 0; i < 200; i++)
      expect(await send('/scim/v2/Users', { method: 'POST', body, headers: { Authorization: 'Bearer wrong' } })).toBe(
        401,
      );
    store.db.pragma('wal_checkpoint(TRUNCATE)'); // the WAL is reused, not grown: measure the database
    const grown = size() - before;
    console.log(`traffic.db growth after 200 refused 1 MB requests: ${(grown / 1024 / 1024).toFixed(2)} MB`);
    const all = [...entries()];
    expect(all).toHaveLength(200);
    for (const entry of all) {
      expect(entry.authenticated).toBe(false);
      expect(Buffer.byteLength(entry.requestBody!)).toBeLessThan(REFUSED_BODY_BYTES + 64);
      expect(entry.requestBody).toMatch(/…\[truncated: \d+ more bytes\]$/);
    }
    expect(grown).toBeLessThan(2 * 1024 * 1024);
    expect(store.list({ text: 'floodword' }).entries).toHaveLength(0); // not in the full-text index
  });

  it('a head the listener already cut is kept as it came, and an authenticated body is indexed', async () => {
    const { store, send, entries } = await bench({ head: true });
    await send('/scim/v2/Users', { method: 'POST', body: 'headword '.repeat(2000) });
    await send('/scim/v2/Users', { method: 'POST', body: '{"userName":"okword"}', headers: { Authorization: GOOD } });
    const [refused, accepted] = [...entries()];
    expect(refused!.requestBody).toMatch(/…\[the rest was not read\]$/);
    expect(refused!.requestBody).not.toMatch(/truncated/);
    expect(accepted!.authenticated).toBe(true);
    expect(store.list({ text: 'okword' }).entries).toHaveLength(1);
    expect(store.list({ text: 'headword' }).entries).toHaveLength(0);
  });
});

describe('the request target', () => {
  it('is recorded exactly as received: a %2e%2e path is not resolved into another resource', async () => {
    const { send, entries } = await bench();
    await send('/scim/v2/Users/nonexistent/%2e%2e/victim-id?filter=userName%20eq%20%22a%22', {
      method: 'DELETE',
      headers: { Authorization: GOOD },
    });
    const [entry] = [...entries()];
    expect(entry!.path).toBe('/scim/v2/Users/nonexistent/%2e%2e/victim-id');
    expect(entry!.query).toBe('filter=userName%20eq%20%22a%22');
  });
});

describe('the console label', () => {
  it('is given only for the per-run mark, never for a header anyone can send, and the mark is not recorded', async () => {
    const { send, entries } = await bench();
    const ua = { 'User-Agent': 'curl/8.5.0', Authorization: GOOD };
    await send('/scim/v2/Users', { headers: { ...ua, 'X-Scim-Bench-Client': 'console' } });
    await send('/scim/v2/Users', { headers: { ...ua, 'X-Scim-Bench-Console': 'console' } });
    await send('/scim/v2/Users', { headers: { ...ua, 'X-Scim-Bench-Console': MARK } });
    const all = [...entries()];
    expect(all.map((e) => e.client)).toEqual(['curl', 'curl', 'console']);
    expect(JSON.stringify(all)).not.toContain(MARK);
  });
});

describe('the replay link', () => {
  it('is kept only beside the per-run mark: no client can make its request pass for a replay of another', async () => {
    const { send, entries } = await bench();
    const auth = { Authorization: GOOD };
    await send('/scim/v2/Users', { headers: { ...auth, 'X-Scim-Bench-Console': MARK, 'X-Scim-Bench-Replay-Of': '7' } });
    await send('/scim/v2/Users', { headers: { ...auth, 'X-Scim-Bench-Replay-Of': '7' } });
    await send('/scim/v2/Users', {
      headers: { ...auth, 'X-Scim-Bench-Console': 'guess', 'X-Scim-Bench-Replay-Of': '7' },
    });
    for (const forged of ['0', '-1', '1e3', '7x', '99999999999999999999'])
      await send('/scim/v2/Users', {
        headers: { ...auth, 'X-Scim-Bench-Console': MARK, 'X-Scim-Bench-Replay-Of': forged },
      });
    expect([...entries()].map((e) => e.replayOf)).toEqual([7, null, null, null, null, null, null, null]);
  });
});

describe('notes and sentences', () => {
  it('are capped: 10,000 notes of 1 KB and a 5 MB subject leave 21 short notes and a 1,000-character sentence', async () => {
    const notes: DialectNote[] = Array.from({ length: 10_000 }, (_, i) => ({
      code: 'unknown-attribute',
      message: `sent the unknown attribute a${i} ${'y'.repeat(1024)}`,
    }));
    const outcome = {
      operation: 'create-user',
      resourceType: 'User',
      resourceId: '1',
      subject: 's'.repeat(5 * 1024 * 1024),
      before: null,
      after: null,
      notes,
    };
    const { send, entries } = await bench({ locals: { outcome } });
    await send('/scim/v2/Users', { method: 'POST', body: '{}', headers: { Authorization: GOOD } });
    const [entry] = [...entries()];
    expect(entry!.notes).toHaveLength(MAX_NOTES + 1);
    expect(entry!.notes.at(-1)!.message).toBe(`${10_000 - MAX_NOTES} more notes were not kept`);
    for (const note of entry!.notes) expect(note.message.length).toBeLessThanOrEqual(MAX_NOTE_CHARS);
    expect(entry!.sentence.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
  });
});
