/** The SCIM workloads: an Entra-like cycle, indexed lookups, a 50,000-member group, capture cost, memory. */
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { blast, percentile, timed, type Throughput } from './load';
import { seed } from './seed';
import { BENCH_TOKEN, CONSOLE_KEY, startBareExpress, startBareHttp, startBench } from './servers';
import type { Row, Sizes } from './report';

const AUTH = {
  Authorization: `Bearer ${BENCH_TOKEN}`,
  'Content-Type': 'application/scim+json',
  'User-Agent': 'Azure Active Directory SCIM Provisioning',
};
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const tempData = () => mkdtempSync(path.join(os.tmpdir(), 'scim-bench-perf-'));

const scim = async (base: string, method: string, p: string, body?: unknown) => {
  const response = await fetch(base + p, {
    method,
    headers: AUTH,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${p} → ${response.status} ${text}`);
  return text ? (JSON.parse(text) as { id?: string; Resources?: { id: string }[] }) : {};
};

/** Ceilings measured in this run: bare node:http and a bare Express route, GET and POST. */
export async function ceilings(
  sizes: Sizes,
): Promise<{ httpGet: Throughput; expressGet: Throughput; expressPost: Throughput }> {
  const http = await startBareHttp();
  const express = await startBareExpress();
  try {
    const httpGet = await blast({ url: `${http.url}/Users`, durationS: sizes.durationS });
    const expressGet = await blast({ url: `${express.url}/Users`, durationS: sizes.durationS });
    const expressPost = await blast({
      url: `${express.url}/Users`,
      method: 'POST',
      headers: AUTH,
      next: () => ({ body: JSON.stringify({ userName: 'x' }) }),
      durationS: sizes.durationS,
    });
    return { httpGet, expressGet, expressPost };
  } finally {
    await http.stop();
    await express.stop();
  }
}

/** 1. An Entra-like provisioning cycle over HTTP. */
export async function provisioningCycle(sizes: Sizes): Promise<Row[]> {
  const server = await startBench(tempData());
  const base = server.scimUrl;
  try {
    const ids: string[] = [];
    const users = await timed(sizes.cycleUsers, 4, async (i, time) => {
      const userName = `cycle${i}@contoso.com`;
      await time('lookup user', () =>
        scim(base, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&attributes=id`),
      );
      const created = await time('create user', () =>
        scim(base, 'POST', '/Users', {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName,
          active: 'True',
          externalId: `x${i}`,
          name: { givenName: 'G', familyName: `F${i}` },
        }),
      );
      ids.push(created.id!);
    });
    const groups: string[] = [];
    const groupOps = await timed(10, 2, async (g, time) => {
      const created = await time('create group', () => scim(base, 'POST', '/Groups', { displayName: `Group ${g}` }));
      groups.push(created.id!);
    });
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += 50) batches.push(ids.slice(i, i + 50));
    const members = await timed(batches.length, 4, async (b, time) => {
      await time('add 50 members', () =>
        scim(base, 'PATCH', `/Groups/${groups[b % groups.length]}`, {
          schemas: [PATCH],
          Operations: [{ op: 'Add', path: 'members', value: batches[b]!.map((value) => ({ value })) }],
        }),
      );
    });
    const updates = await timed(ids.length, 4, async (i, time) => {
      const op =
        i % 2
          ? { op: 'Replace', path: 'active', value: 'False' }
          : { op: 'Replace', value: { title: 'Engineer', 'name.givenName': 'Changed' } };
      await time(i % 2 ? 'disable user' : 'update user', () =>
        scim(base, 'PATCH', `/Users/${ids[i]}`, { schemas: [PATCH], Operations: [op] }),
      );
    });
    const deletes = await timed(Math.floor(ids.length / 10), 4, async (i, time) => {
      await time('delete user', () => scim(base, 'DELETE', `/Users/${ids[i]}`));
    });
    return Object.entries({ ...users, ...groupOps, ...members, ...updates, ...deletes }).map(([op, t]) => ({
      workload: '1. provisioning cycle',
      metric: `${op} (${t.count}×)`,
      value: `${t.rps.toFixed(0)} req/s · p50 ${t.p50.toFixed(1)} ms · p99 ${t.p99.toFixed(1)} ms`,
    }));
  } finally {
    await server.stop();
  }
}

/** 2, 4, 7. Lookups by userName and externalId among many users; capture on vs off; memory after the load. */
export async function lookups(
  sizes: Sizes,
  ceiling: { expressGet: Throughput; expressPost: Throughput; httpGet: Throughput },
): Promise<Row[]> {
  const dataDir = tempData();
  seed(dataDir, sizes.users);
  const plainDir = tempData();
  seed(plainDir, sizes.users);
  const random = () => Math.floor(Math.random() * sizes.users);
  const rows: Row[] = [];
  const server = await startBench(dataDir);
  let requests = 0;
  try {
    const byUserNameFilter = () => `userName eq "user${random()}@contoso.com"`;
    const lookups = (url: string, filter: () => string, durationS: number) =>
      blast({
        url,
        headers: AUTH,
        next: () => ({ path: `/scim/v2/Users?filter=${encodeURIComponent(filter())}` }),
        durationS,
      });
    const run = async (url: string, filter: () => string) => {
      const r = await lookups(url, filter, sizes.durationS);
      requests += r.rps * sizes.durationS;
      return r;
    };
    // Warm up first (JIT, statement cache, page cache): the ceilings are trivial handlers that need
    // none, so measuring a cold server would understate it.
    const warmUp = (url: string) => lookups(url, byUserNameFilter, 2);
    await warmUp(server.scimUrl);
    const byUserName = await run(server.scimUrl, byUserNameFilter);
    const byExternalId = await run(server.scimUrl, () => `externalId eq "ext-${random()}"`);
    let n = 0;
    const creates = await blast({
      url: `${server.scimUrl}/Users`,
      method: 'POST',
      headers: AUTH,
      next: () => ({ body: JSON.stringify({ userName: `new${n++}@contoso.com`, active: true }) }),
      durationS: sizes.durationS,
    });
    requests += creates.rps * sizes.durationS;
    const ratio = (a: Throughput, b: Throughput) => a.rps / b.rps;
    rows.push(
      {
        workload: `2. lookups among ${sizes.users.toLocaleString('en')} users`,
        metric: 'userName eq',
        value: `${byUserName.rps.toFixed(0)} req/s · p99 ${byUserName.p99} ms`,
        ratio: ratio(byUserName, ceiling.expressGet),
        target: 0.6,
        against: 'bare Express',
      },
      {
        workload: `2. lookups among ${sizes.users.toLocaleString('en')} users`,
        metric: 'externalId eq',
        value: `${byExternalId.rps.toFixed(0)} req/s · p99 ${byExternalId.p99} ms`,
        ratio: ratio(byExternalId, ceiling.expressGet),
        target: 0.6,
        against: 'bare Express',
      },
      {
        workload: '2. creates',
        metric: 'POST /Users',
        value: `${creates.rps.toFixed(0)} req/s · p99 ${creates.p99} ms`,
        ratio: ratio(creates, ceiling.expressPost),
        target: 0.35,
        against: 'bare Express POST',
      },
    );
    const plain = await startBench(plainDir, ['--no-capture']);
    try {
      await warmUp(plain.scimUrl);
      const off = await run(plain.scimUrl, byUserNameFilter);
      const on = await run(server.scimUrl, byUserNameFilter);
      rows.push({
        workload: '4. capture cost',
        metric: 'lookups, capture on vs off',
        value: `${on.rps.toFixed(0)} vs ${off.rps.toFixed(0)} req/s`,
        ratio: on.rps / off.rps,
        target: 0.8,
        against: 'capture off',
      });
      // Where the lookup target's gap is: the same lookup without capture, against the same ceiling.
      rows.push({
        workload: '4. capture cost',
        metric: 'userName eq, capture off (diagnostic)',
        value: `${off.rps.toFixed(0)} req/s · p99 ${off.p99} ms`,
        ratio: off.rps / ceiling.expressGet.rps,
        against: 'bare Express',
      });
    } finally {
      await plain.stop();
    }
    if (requests < sizes.memoryRequests) {
      const more = Math.ceil(sizes.memoryRequests - requests);
      await autocannonAmount(server.scimUrl, more);
      requests += more;
    }
    rows.push({
      workload: '7. memory',
      metric: `RSS after ${Math.round(requests).toLocaleString('en')} requests`,
      value: `${server.rssMb().toFixed(0)} MB`,
    });
  } finally {
    await server.stop();
  }
  return rows;
}

async function autocannonAmount(scimUrl: string, amount: number): Promise<void> {
  const { default: autocannon } = await import('autocannon');
  await autocannon({ url: `${scimUrl}/ServiceProviderConfig`, headers: AUTH, connections: 16, amount });
}

/** A keep-alive node:http client: lighter than fetch, so client-side pauses do not pose as server latency. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function patch(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const started = performance.now();
    const request = http.request(
      url,
      { method: 'PATCH', agent, headers: { ...AUTH, 'Content-Length': Buffer.byteLength(payload) } },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode! < 300
            ? resolve(performance.now() - started)
            : reject(new Error(`PATCH → ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** 3. One member added to and removed from a 50,000-member group. */
export async function bigGroup(sizes: Sizes, extra: string[] = []): Promise<Row[]> {
  const dataDir = tempData();
  const { userIds, groupId } = seed(dataDir, sizes.groupMembers + sizes.groupIterations, {
    groupMembers: sizes.groupMembers,
  });
  const server = await startBench(dataDir, extra);
  try {
    const add: number[] = [];
    const remove: number[] = [];
    const url = `${server.scimUrl}/Groups/${groupId}`;
    for (let i = 0; i < sizes.groupIterations; i++) {
      const id = userIds[sizes.groupMembers + i]!;
      add.push(
        await patch(url, { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: id }] }] }),
      );
      remove.push(
        await patch(url, { schemas: [PATCH], Operations: [{ op: 'Remove', path: `members[value eq "${id}"]` }] }),
      );
    }
    const serverSide = async (operation: string) => {
      const response = await fetch(`${server.consoleUrl}/api/traffic/stats`, {
        method: 'POST',
        headers: { 'X-Console-Key': CONSOLE_KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify({ input: { operation } }),
      });
      const { result } = (await response.json()) as { result: { latencyMs: { p50: number; p99: number } | null } };
      return result.latencyMs
        ? ` (in the server: p50 ${result.latencyMs.p50.toFixed(2)} ms · p99 ${result.latencyMs.p99.toFixed(2)} ms)`
        : '';
    };
    const label = `3. ${sizes.groupMembers.toLocaleString('en')}-member group`;
    return [
      {
        workload: label,
        metric: `add one member (${add.length}×)`,
        value: `p50 ${percentile(add, 0.5).toFixed(2)} ms · p99 ${percentile(add, 0.99).toFixed(2)} ms${await serverSide('add-members')}`,
        limitMs: 5,
        measuredMs: percentile(add, 0.99),
      },
      {
        workload: label,
        metric: `remove one member (${remove.length}×)`,
        value: `p50 ${percentile(remove, 0.5).toFixed(2)} ms · p99 ${percentile(remove, 0.99).toFixed(2)} ms${await serverSide('remove-members')}`,
        limitMs: 5,
        measuredMs: percentile(remove, 0.99),
      },
    ];
  } finally {
    await server.stop();
  }
}
