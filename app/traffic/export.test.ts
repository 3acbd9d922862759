/**
 * Exports and "copy as curl", through what ships: the console's download route over real HTTP, the
 * desktop's file writer into a real folder, and the copied command run by the real curl.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONSOLE_KEY, TOKEN, startBench, startConsole } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';
import { storedEntry } from '../test/traffic-entry';
import { exportFileName } from './export';
import { saveExportAs, writeExport } from './export-file';

const run = promisify(execFile);
const ENTRA = { 'User-Agent': 'Azure Active Directory SCIM Provisioning' };

describe('copy as curl', () => {
  it('repeats the request as curl, not as Entra, reading the token from $SCIM_BENCH_TOKEN and saying so', async () => {
    const { scim, traffic, engine } = await startBench();
    await scim('/Users?aadOptscim062020', { method: 'POST', headers: ENTRA, json: { userName: 'again@contoso.com' } });
    const [original] = await traffic(1);
    expect(original!.client).toBe('entra');
    const command = (await engine.handlers['traffic:curl']({ id: original!.id }))!;
    expect(command.split('\n')[0]).toBe('# reads the token from $SCIM_BENCH_TOKEN');
    expect(command).toContain(`-A 'curl'`);
    expect(command).toContain('-H "Authorization: Bearer $SCIM_BENCH_TOKEN"');
    expect(command).not.toMatch(/Azure|user-agent/i);
    expect(command).not.toContain(TOKEN);

    // The user runs it: the real curl, the token from the variable the comment names.
    await run('sh', ['-c', command], { env: { PATH: process.env.PATH, SCIM_BENCH_TOKEN: TOKEN } });
    const withToken = (await engine.handlers['traffic:curl']({ id: original!.id, withToken: true }))!;
    expect(withToken.split('\n')[0]).toBe("# carries the bench's current token: do not share it");
    expect(withToken).toContain(`-H 'Authorization: Bearer ${TOKEN}'`);
    await run('sh', ['-c', withToken], { env: { PATH: process.env.PATH } });
    const [second, first] = await traffic(3);
    // Both arrived authenticated (a second create of the same user: 409), and as curl, not as Entra.
    for (const replayed of [first, second]) expect(replayed).toMatchObject({ client: 'curl', status: 409 });
  });
});

describe('exports', () => {
  it('are named with the time to the minute', () => {
    expect(exportFileName('har', new Date(2026, 11, 1, 21, 42, 59))).toBe('scim-bench-traffic-20261201-2142.har');
    expect(exportFileName('ndjson', new Date(2027, 0, 2, 3, 4))).toBe('scim-bench-traffic-20270102-0304.ndjson');
  });

  it('stream from the download route a page at a time: while the reader waits, the store stays writable', async () => {
    const { engine, base } = await startConsole();
    const entries = 3000;
    engine.traffic.insertMany(
      Array.from({ length: entries }, (_, i) => storedEntry(i, { requestBody: 'x'.repeat(10_000) })),
    );
    const response = await fetch(`${base}/api/traffic/export?format=ndjson`, {
      headers: { 'X-Console-Key': CONSOLE_KEY },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="scim-bench-traffic-\d{8}-\d{4}\.ndjson"$/,
    );
    expect(response.headers.get('content-length')).toBeNull(); // streamed, not built whole
    const reader = response.body!.getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 300)); // the server fills the socket and waits for it to drain
    // Retention prunes on this connection: an export holding a cursor open made it "busy".
    expect(engine.traffic.prune(entries, new Date(0).toISOString(), 100)).toBe(0);
    expect(engine.traffic.prune(entries - 100, new Date(0).toISOString(), 100)).toBe(100);
    await reader.cancel();
  });

  it('go to the file the desktop user chose: in full, owner-only, and a failed one leaves no half file', async () => {
    const { scim, traffic, engine } = await startBench();
    await scim('/Users', { method: 'POST', json: { userName: 'exported@contoso.com' } });
    await traffic(1);
    const dir = tempDir();
    const offered: string[] = [];
    const saved = await saveExportAs({ format: 'har', filter: {} }, engine.exportTraffic.bind(engine), async (name) => {
      offered.push(name);
      return path.join(dir, name);
    });
    expect(offered).toEqual([expect.stringMatching(/^scim-bench-traffic-\d{8}-\d{4}\.har$/)]);
    const text = readFileSync(saved!.file, 'utf8');
    expect(saved!.bytes).toBe(Buffer.byteLength(text));
    expect((JSON.parse(text) as { log: { entries: unknown[] } }).log.entries).toHaveLength(1);
    expect(statSync(saved!.file).mode & 0o777).toBe(0o600);

    // Cancelled: nothing written. Input from the renderer is checked like any command's.
    expect(
      await saveExportAs({ format: 'ndjson', filter: {} }, engine.exportTraffic.bind(engine), async () => null),
    ).toBe(null);
    await expect(
      saveExportAs({ format: 'csv', filter: {} }, engine.exportTraffic.bind(engine), async () => dir),
    ).rejects.toThrow();

    // A failure halfway: the earlier export under that name stays as it was, and no partial file is left.
    writeFileSync(path.join(dir, 'again.ndjson'), 'earlier');
    function* failing() {
      yield '{"id":1}\n';
      throw new Error('traffic.db went away');
    }
    await expect(writeExport(failing(), path.join(dir, 'again.ndjson'))).rejects.toThrow('traffic.db went away');
    expect(readFileSync(path.join(dir, 'again.ndjson'), 'utf8')).toBe('earlier');
    expect(readdirSync(dir).sort()).toEqual(['again.ndjson', path.basename(saved!.file)].sort());
  });
});
