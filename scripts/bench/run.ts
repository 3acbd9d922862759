/**
 * `npm run bench [-- --full]`: the numbers behind SCIM Bench's performance claims. Every throughput
 * is reported beside ceilings measured in the same run (these machines are noisy: compare ratios).
 * Prints a Markdown table and writes .bench/results-<mode>.json. Quick mode takes about two minutes.
 */
import { backupUnavailable, backupWorkload } from './backup-bench';
import { SIZES, table, writeResults, type Row } from './report';
import { bigGroup, ceilings, lookups, provisioningCycle } from './workloads';

async function main(): Promise<void> {
  const sizes = SIZES[process.argv.includes('--full') ? 'full' : 'quick'];
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice(7)
    .split(',');
  const wanted = (name: string) => !only || only.includes(name);
  const started = Date.now();
  console.log(
    `SCIM Bench benchmarks, ${sizes.mode} mode (${sizes.users.toLocaleString('en')} users, ${sizes.durationS} s per load)…`,
  );

  const rows: Row[] = [];
  const ceiling = await ceilings(sizes);
  rows.push(
    {
      workload: '0. ceilings',
      metric: 'bare node:http GET',
      value: `${ceiling.httpGet.rps.toFixed(0)} req/s · p99 ${ceiling.httpGet.p99} ms`,
    },
    {
      workload: '0. ceilings',
      metric: 'bare Express GET',
      value: `${ceiling.expressGet.rps.toFixed(0)} req/s · p99 ${ceiling.expressGet.p99} ms`,
      ratio: ceiling.expressGet.rps / ceiling.httpGet.rps,
      against: 'node:http',
    },
    {
      workload: '0. ceilings',
      metric: 'bare Express POST (JSON)',
      value: `${ceiling.expressPost.rps.toFixed(0)} req/s · p99 ${ceiling.expressPost.p99} ms`,
    },
  );
  if (wanted('cycle')) rows.push(...(await provisioningCycle(sizes)));
  if (wanted('lookups')) rows.push(...(await lookups(sizes, ceiling)));
  if (wanted('group')) rows.push(...(await bigGroup(sizes)));
  if (wanted('group-nocapture'))
    rows.push(...(await bigGroup(sizes, ['--no-capture'])).map((r) => ({ ...r, metric: `${r.metric}, capture off` })));
  if (wanted('backup')) {
    const why = backupUnavailable();
    if (why) rows.push({ workload: '5. backup', metric: 'skipped', value: why });
    else rows.push(...(await backupWorkload(sizes)));
  }
  if (wanted('hostile')) {
    const { hostileWorkload } = await import('./hostile-bench');
    rows.push(...(await hostileWorkload(sizes)));
  }
  if (wanted('endpoints')) {
    const { endpointsWorkload } = await import('./endpoints-bench');
    rows.push(...(await endpointsWorkload()));
  }
  if (wanted('faults')) {
    const { faultsWorkload } = await import('./faults-bench');
    rows.push(...(await faultsWorkload()));
    const { faultSummaryWorkload } = await import('./fault-summary-bench');
    rows.push(...faultSummaryWorkload());
  }
  if (wanted('ui')) {
    const { consoleWorkload } = await import('./ui-bench');
    rows.push(...(await consoleWorkload(sizes)));
  }

  console.log(`\n${table(rows)}\n`);
  const file = writeResults(rows, sizes, { ceilings: ceiling, seconds: Math.round((Date.now() - started) / 1000) });
  console.log(`Finished in ${Math.round((Date.now() - started) / 1000)} s; results in ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
