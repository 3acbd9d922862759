/**
 * Kill test: the real `serve` process is killed with SIGKILL during heavy writes; every write it
 * acknowledged (201) must be in the database when it starts again on the same data folder.
 */
import { expect, test } from '@playwright/test';
import { serve } from './serve';

test('SIGKILL during heavy writes loses no acknowledged write', async () => {
  test.setTimeout(60_000);
  const first = await serve();
  const acknowledged: string[] = [];
  let stop = false;
  const writer = async (n: number) => {
    for (let i = 0; !stop; i++) {
      const userName = `w${n}-${i}@durable.example`;
      try {
        const response = await fetch(`${first.scimUrl}/Users`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${first.token}`, 'Content-Type': 'application/scim+json' },
          body: JSON.stringify({ userName, title: 'x'.repeat(200) }),
        });
        if (response.status === 201) acknowledged.push(userName);
      } catch {
        return; // the server died mid-request: that write was never acknowledged
      }
    }
  };
  const writers = Array.from({ length: 8 }, (_, n) => writer(n));
  await new Promise((r) => setTimeout(r, 2000));
  first.process.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  expect(acknowledged.length).toBeGreaterThan(100);

  const second = await serve([`--token=${first.token}`], first.dataDir);
  try {
    const stored = new Set<string>();
    for (let start = 1; ; start += 1000) {
      const page = (await (
        await fetch(`${second.scimUrl}/Users?attributes=userName&count=1000&startIndex=${start}`, {
          headers: { Authorization: `Bearer ${first.token}` },
        })
      ).json()) as { Resources: { userName: string }[]; totalResults: number };
      for (const r of page.Resources) stored.add(r.userName);
      if (start + 1000 > page.totalResults) break;
    }
    const lost = acknowledged.filter((u) => !stored.has(u));
    console.log(`kill test: ${acknowledged.length} writes acknowledged before SIGKILL, ${lost.length} lost`);
    expect(lost).toEqual([]);
  } finally {
    await second.stop();
  }
});
