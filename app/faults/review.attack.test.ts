/**
 * Attacks on fault injection, made the way an attacker (or an unlucky rule) would, over real HTTP on
 * loopback against a real engine: a hostile path against a rule's wildcards, a client filling the
 * connection cap with requests a hang rule holds, a refused request marked as applied, and an
 * endpoints file whose presets expand past the rule cap. Each failed on the code before its fix.
 */
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../../shared/faults';
import { FAULT_PRESETS } from '../../shared/fault-presets';
import { dispatch } from '../commands';
import { SCIM_LIMITS } from '../http/connection-guard';
import { TOKEN, startBench } from '../test/bench-harness';
import { tempDir } from '../test/temp-dir';
import { pathMatches } from './match';

const rule = (over: Partial<FaultRule> & Pick<FaultRule, 'action'>): FaultRule => ({
  id: 'r1',
  name: 'attack rule',
  enabled: true,
  match: {},
  when: { kind: 'always' },
  ...over,
});

/** A raw keep-alive request left open: what a client on a hanging rule holds. */
function heldRequest(url: string, target: string) {
  const { hostname, port, pathname } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => undefined);
  socket.resume();
  socket.write(`GET ${pathname}${target} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
  return socket;
}

describe('fault injection under attack', () => {
  it('matches a rule of many wildcards against a long hostile path at once (no backtracking blow-up)', async () => {
    // As a regular expression, 24 one-or-more wildcards before a letter the path lacks try every
    // way of cutting 80 characters into 24 pieces: about 10^20 attempts, so the listener hangs.
    const pattern = `/${'*'.repeat(24)}x`;
    const hostile = `/${'a'.repeat(80)}`;
    expect(pathMatches(pattern, hostile)).toBe(false);
    expect(pathMatches(pattern, `/${'a'.repeat(80)}x`)).toBe(true);

    const bench = await startBench();
    await dispatch(bench.engine.handlers, 'endpoints:update', {
      id: 'default',
      faults: [rule({ match: { path: pattern }, action: { kind: 'error', status: 503 } })],
    });
    const res = await bench.scim(hostile, { signal: AbortSignal.timeout(3000) });
    expect(res.status).toBe(404); // answered by the service: the rule did not match, and did not hang
    const faulted = await bench.scim(`/${'a'.repeat(80)}x`, { signal: AbortSignal.timeout(3000) });
    expect(faulted.status).toBe(503);
  });

  it('keeps the endpoint open to others when a client fills the connection cap with requests a hang rule holds', async () => {
    const bench = await startBench();
    await dispatch(bench.engine.handlers, 'endpoints:update', {
      id: 'default',
      faults: [rule({ match: { path: '/Users/*' }, action: { kind: 'hang', maxMs: 60_000 } })],
    });
    const held = Array.from({ length: SCIM_LIMITS.maxConnections }, (_, i) => heldRequest(bench.url, `/Users/${i}`));
    try {
      // Every one of them authenticated (so is trusted) and is held: the cap is full.
      await new Promise((r) => setTimeout(r, 1000));
      expect(held.filter((s) => s.destroyed).length).toBe(0);
      const res = await bench.scim('/Users', { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBe(200);
      // Room was made by closing a held connection, not by refusing the newcomer.
      expect(held.filter((s) => s.destroyed || s.readyState === 'closed').length).toBeGreaterThanOrEqual(1);
    } finally {
      held.forEach((s) => s.destroy());
    }
  }, 20_000);

  it('never marks a change as applied when the bench itself refused the request', async () => {
    const bench = await startBench();
    await dispatch(bench.engine.handlers, 'endpoints:update', {
      id: 'default',
      faults: [rule({ match: { methods: ['POST'] }, action: { kind: 'applied-but-error', status: 500 } })],
    });
    // No userName: the service answers 400 before the fault is applied, so nothing can have changed.
    const res = await bench.scim('/Users', {
      method: 'POST',
      json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] },
    });
    expect(res.status).toBe(500);
    const entry = (await bench.traffic(1)).find((e) => e.method === 'POST')!;
    expect(entry.fault).toMatchObject({ action: 'applied-but-error', applied: false });
    expect(entry.fault!.did).toBe(
      'answered 500; nothing was applied, as the bench itself refused the request with 400',
    );
    expect(entry.status).toBe(500);
  });

  it('refuses an endpoints file whose presets expand past the 50-rule cap, changing nothing', async () => {
    const dataDir = tempDir();
    const own = Array.from({ length: 44 }, (_, i) =>
      rule({ id: `own-${i}`, action: { kind: 'latency', ms: 1, jitterMs: 0 } }),
    );
    const items = [...FAULT_PRESETS.map((preset) => ({ preset: preset.id })), ...own];
    expect(items.length).toBeLessThanOrEqual(50); // the file's list itself is within the cap
    const file = path.join(tempDir(), 'endpoints.json');
    writeFileSync(file, JSON.stringify({ endpoints: [{ name: 'many', faults: items }] }));
    await expect(startBench({ dataDir, endpointsFile: file })).rejects.toThrow(/endpoints\.0\.faults.*50/s);
    const after = await startBench({ dataDir });
    expect((await after.engine.handlers['endpoints:list']()).map((e) => e.name)).toEqual(['default']);
  });
});
