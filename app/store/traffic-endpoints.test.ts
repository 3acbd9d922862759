/** One endpoint's traffic: every entry names its endpoint, and every read can keep to one. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT_ID } from '../../shared/endpoints';
import { tempDir } from '../test/temp-dir';
import { storedEntry } from '../test/traffic-entry';
import { TrafficStore } from './traffic-store';

const stores: TrafficStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

/** 30 entries: every third one to endpoint `e1` (a 409 from Okta), the rest to the default one. */
function filled() {
  const store = new TrafficStore(path.join(tempDir(), 'traffic.db'));
  stores.push(store);
  const summaries = store.insertMany(
    Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? storedEntry(i, { endpoint: 'e1', client: 'okta', status: 409, sentence: `Okta met a conflict ${i}` })
        : storedEntry(i, { sentence: `A client read conflict ${i}` }),
    ),
  );
  return { store, summaries };
}

describe('traffic per endpoint', () => {
  it('stores the endpoint with each entry (the default one when none is given)', () => {
    const { store, summaries } = filled();
    expect(summaries.filter((s) => s.endpoint === 'e1')).toHaveLength(10);
    expect(summaries.filter((s) => s.endpoint === DEFAULT_ENDPOINT_ID)).toHaveLength(20);
    expect(store.get(summaries[0]!.id)?.endpoint).toBe('e1');
    expect(store.get(summaries[1]!.id)?.endpoint).toBe(DEFAULT_ENDPOINT_ID);
    expect(store.list({ limit: 100 }).entries.map((e) => e.endpoint)).toEqual(
      summaries.map((s) => s.endpoint).reverse(),
    );
  });

  it('lists one endpoint, alone or with other filters and a search', () => {
    const { store } = filled();
    const page = store.list({ endpoint: 'e1', limit: 4 });
    expect(page.entries.map((e) => e.id)).toEqual([28, 25, 22, 19]);
    expect(page.nextCursor).toBe(19);
    expect(store.list({ endpoint: 'e1', statusClass: '2xx', limit: 100 }).entries).toEqual([]);
    expect(store.list({ endpoint: DEFAULT_ENDPOINT_ID, text: 'conflict', limit: 100 }).entries).toHaveLength(20);
    expect(store.list({ endpoint: 'e1', text: 'conflict', limit: 100 }).entries.map((e) => e.endpoint)).toEqual(
      Array(10).fill('e1'),
    );
    expect(store.list({ endpoint: 'nobody', limit: 100 }).entries).toEqual([]);
  });

  it("counts one endpoint's statistics and facets", () => {
    const { store } = filled();
    const e1 = store.stats({ endpoint: 'e1' });
    expect(e1.total).toBe(10);
    expect(e1.errorRate).toBe(1);
    expect(e1.facets.client).toEqual({ okta: 10 });
    const byDefault = store.stats({ endpoint: DEFAULT_ENDPOINT_ID, statusClass: '4xx' });
    expect(byDefault.total).toBe(0);
    expect(byDefault.facets.statusClass).toEqual({ '2xx': 20 });
    expect(store.stats({ endpoint: 'e1', text: 'conflict' }).total).toBe(10);
    expect(store.stats({}).total).toBe(30);
  });

  it("exports one endpoint's entries only", () => {
    const { store } = filled();
    const exported = [...store.iterate({ endpoint: 'e1' })];
    expect(exported).toHaveLength(10);
    expect(new Set(exported.map((e) => e.endpoint))).toEqual(new Set(['e1']));
    expect([...store.iterate({})]).toHaveLength(30);
  });
});
