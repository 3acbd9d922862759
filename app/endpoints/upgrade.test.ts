/**
 * Upgrading a data folder made by 0.1 (app/test/fixtures/data-folder-0.1), end to end: the bench
 * starts on a copy, and the identity provider's existing setup — URL `/scim/v2`, the token it was
 * given — keeps working and sees its users, groups and traffic as the default endpoint's.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearerFetch, startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';

const FIXTURE = path.join(import.meta.dirname, '../test/fixtures/data-folder-0.1');

describe('a 0.1 data folder, upgraded', () => {
  it("serves its data at /scim/v2 with its saved token; a new endpoint's URL sees none of it", async () => {
    const dataDir = path.join(tempDir(), 'data');
    cpSync(FIXTURE, dataDir, { recursive: true });
    const saved = JSON.parse(readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')) as { token: string };
    const bench = await startBench({ dataDir, token: null });
    const scim = bearerFetch(bench.url, saved.token);

    const users = (await (await scim('/Users?sortBy=userName')).json()) as {
      totalResults: number;
      Resources: { userName: string }[];
    };
    expect(users.totalResults).toBe(3);
    expect(users.Resources.map((u) => u.userName)).toEqual([
      'alice@contoso.com',
      'bob@contoso.com',
      'carol@contoso.com',
    ]);
    const sales = (await (await scim(`/Groups?filter=${encodeURIComponent('displayName eq "Sales"')}`)).json()) as {
      Resources: { members: { display: string }[] }[];
    };
    expect(sales.Resources[0]!.members.map((m) => m.display).sort()).toEqual([
      'alice@contoso.com',
      'carol@contoso.com',
    ]);

    const [only] = await bench.engine.handlers['endpoints:list']();
    expect(only).toMatchObject({ id: 'default', users: 3, groups: 2, preset: 'entra-friendly' });
    await bench.traffic(7 + 2); // 0.1's seven, and the two requests above
    const stats = await bench.engine.handlers['traffic:stats']({ endpoint: 'default' });
    expect(stats.total).toBe(9);

    const fresh = await bench.endpoint('fresh');
    const empty = (await (
      await fresh.scim(`/Users?filter=${encodeURIComponent('userName eq "alice@contoso.com"')}`)
    ).json()) as {
      totalResults: number;
    };
    expect(empty.totalResults).toBe(0);
  });
});
