/**
 * 9. Faults: what fault rules cost a request that none of them fault. One `serve` with three
 * endpoints: `off` has no rules (injection off); `cheap` has rules that its requests fail before
 * the service reads them (another method, client, path, attribute); `worst` adds one only the
 * operation rules out (a delete-user rule), so every request runs inside the transaction a fault
 * could roll back. Rounds alternate between the three so machine noise falls on all; the median
 * round is reported, as a ratio to `off` (target: within 5 %).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FaultRule } from '../../shared/faults';
import { blast, type Throughput } from './load';
import type { Row } from './report';
import { startBench } from './servers';
import { tempData } from './workloads';

const ROUNDS = 5;
const ROUND_S = 3;
const TOKENS = {
  off: 'faults-bench-off-token-0001',
  cheap: 'faults-bench-cheap-token-0001',
  worst: 'faults-bench-worst-token-001',
};

const never = (id: string, match: FaultRule['match']): FaultRule => ({
  id,
  name: id,
  enabled: true,
  match,
  action: { kind: 'error', status: 503 },
  when: { kind: 'always' },
});

const CHEAP: FaultRule[] = [
  never('deletes', { methods: ['DELETE'] }),
  never('okta-only', { clients: ['okta'] }),
  never('groups', { path: '/Groups/*' }),
  never('department', { attribute: 'department' }),
];
const WORST: FaultRule[] = [...CHEAP, never('delete-user', { operations: ['delete-user'] })];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function faultsWorkload(): Promise<Row[]> {
  const dir = tempData();
  const file = path.join(dir, 'endpoints.json');
  writeFileSync(
    file,
    JSON.stringify({
      endpoints: [
        { name: 'off', token: TOKENS.off },
        { name: 'cheap', token: TOKENS.cheap, faults: CHEAP },
        { name: 'worst', token: TOKENS.worst, faults: WORST },
      ],
    }),
  );
  const server = await startBench(path.join(dir, 'data'), ['--endpoints', file]);
  const origin = new URL(server.scimUrl).origin;
  try {
    let n = 0;
    const load = (name: keyof typeof TOKENS, kind: 'lookup' | 'create', durationS: number): Promise<Throughput> =>
      blast({
        url: `${origin}/scim/${name}/v2/Users`,
        method: kind === 'create' ? 'POST' : 'GET',
        headers: {
          Authorization: `Bearer ${TOKENS[name]}`,
          'Content-Type': 'application/scim+json',
          'User-Agent': 'Azure Active Directory SCIM Client',
        },
        next: () =>
          kind === 'create'
            ? { body: JSON.stringify({ userName: `user${n++}@contoso.com`, active: true }) }
            : {
                path: `/scim/${name}/v2/Users?filter=${encodeURIComponent(`userName eq "user${n++ % 5000}@contoso.com"`)}`,
              },
        durationS,
      });
    const rows: Row[] = [];
    for (const kind of ['create', 'lookup'] as const) {
      for (const name of ['off', 'cheap', 'worst'] as const) await load(name, kind, 1); // warm up
      const rps: Record<keyof typeof TOKENS, number[]> = { off: [], cheap: [], worst: [] };
      for (let round = 0; round < ROUNDS; round++)
        for (const name of round % 2 ? (['worst', 'cheap', 'off'] as const) : (['off', 'cheap', 'worst'] as const))
          rps[name].push((await load(name, kind, ROUND_S)).rps);
      const off = median(rps.off);
      const what = kind === 'create' ? 'creates' : 'userName eq lookups';
      rows.push({
        workload: '9. faults (no rule matching)',
        metric: `${what}, injection off`,
        value: `${off.toFixed(0)} req/s`,
      });
      for (const name of ['cheap', 'worst'] as const)
        rows.push({
          workload: '9. faults (no rule matching)',
          metric: `${what}, ${name === 'cheap' ? '4 rules ruled out before the service' : '5 rules, one ruled out by the operation'}`,
          value: `${median(rps[name]).toFixed(0)} req/s`,
          ratio: median(rps[name]) / off,
          target: 0.95,
          against: 'injection off',
        });
    }
    return rows;
  } finally {
    await server.stop();
  }
}
