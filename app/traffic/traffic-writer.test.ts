/** The traffic writer thread, built from its real entry file, writing to a real SQLite file. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { TrafficSummary } from '../../shared/types';
import { TrafficStore } from '../store/traffic-store';
import { tempDir } from '../test/temp-dir';
import { storedEntry } from '../test/traffic-entry';
import { TrafficWriter } from './traffic-writer';

const entry = (n: number) => storedEntry(n);

function writerOn(file: string) {
  const written: TrafficSummary[] = [];
  const errors: Error[] = [];
  const writer = new TrafficWriter(
    file,
    (s) => written.push(...s),
    (e) => errors.push(e),
  );
  // The thread itself, to make it die the way a crash would (an out-of-memory abort, a native fault).
  const thread = () => (writer as unknown as { worker: Worker | null }).worker;
  return { writer, written, errors, thread };
}

describe('traffic writer thread', () => {
  it('writes batches in order and announces their ids', async () => {
    const file = path.join(tempDir(), 'traffic.db');
    const store = new TrafficStore(file);
    const { writer, written } = writerOn(file);
    await Promise.all([writer.write([entry(1), entry(2)]), writer.write([entry(3)])]);
    expect(written.map((s) => s.resourceId)).toEqual(['1', '2', '3']);
    expect(store.count()).toBe(3);
    await writer.close();
    store.close();
  });

  it('when the thread dies, what was in flight is rejected and reported, the next batch starts a new thread, and close() still returns', async () => {
    const file = path.join(tempDir(), 'traffic.db');
    const store = new TrafficStore(file);
    const { writer, errors, thread } = writerOn(file);
    await writer.write([entry(1)]);
    const first = thread()!;
    const lost = writer.write([entry(2), entry(3)]);
    await first.terminate();
    await expect(lost).rejects.toThrow(/2 traffic entries were not recorded/);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/The traffic writer stopped/);

    await writer.write([entry(4)]);
    expect(thread()).not.toBe(first);
    expect(store.count()).toBeGreaterThanOrEqual(2);
    expect(store.list({}).entries.map((e) => e.resourceId)).toContain('4');

    await thread()!.terminate();
    await expect(writer.close()).resolves.toBeUndefined();
    store.close();
  });

  it('reopens a deleted file on both connections, and writes handed over meanwhile land in the new one, in order', async () => {
    const file = path.join(tempDir(), 'traffic.db');
    const store = new TrafficStore(file);
    const { writer } = writerOn(file);
    await writer.write([entry(1)]);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    const reopened = writer.reopen(() => store.reopen());
    const writes = [writer.write([entry(2)]), writer.write([entry(3)])];
    await writer.close(); // waits for the reopen and the writes behind it
    await reopened;
    await Promise.all(writes);
    expect(store.list({}).entries.map((e) => e.resourceId)).toEqual(['3', '2']);
    store.close();
  });
});
