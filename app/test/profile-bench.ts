/**
 * A SCIM listener with a given profile, for tests: a real SQLite file in a temp folder, the real
 * ScimService and Express app, on a loopback port. (The engine keeps profiles per endpoint once
 * endpoints land; until then this is how a test runs one with any profile.)
 */
import { FaultInjector } from '../faults/injector';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Profile } from '../../shared/profile';
import { Credentials } from '../auth/credentials';
import { createScimApp } from '../http/scim-app';
import { ScimService } from '../service/scim-service';
import { openDatabase } from '../store/database';
import { BENCH_MIGRATIONS } from '../store/migrations';
import { ResourceStore } from '../store/resource-store';
import { bearerFetch } from './bench-harness';
import { tempDir } from './temp-dir';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

const TOKEN = 'profile-test-token-3b9e';

export async function startProfiled(profile: Profile) {
  const dir = tempDir();
  const db = openDatabase(path.join(dir, 'bench.db'), { migrations: BENCH_MIGRATIONS });
  const store = new ResourceStore(db);
  const errors: unknown[] = [];
  const service = new ScimService(() => store, { profile: () => profile, onError: (e) => errors.push(e) });
  const credentials = Credentials.inDataDir(dir, TOKEN);
  const endpoint = {
    id: 'default',
    service,
    credentials,
    faults: new FaultInjector(),
    transaction: <T>(work: () => T) => db.transaction(work)(),
    unavailable: () => null,
  };
  const app = createScimApp({
    endpoint: (name) => (name === null ? endpoint : null),
    fingerprint: (secret) => credentials.fingerprint(secret),
    record: null,
    trustProxy: false,
    maxCapturedBodyBytes: 1024 * 1024,
    unavailable: () => null,
    onError: (e) => errors.push(e),
    onWarning: () => {},
  });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  closers.push(() => {
    server.closeAllConnections();
    server.close();
    db.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
  const scim = bearerFetch(url, TOKEN);
  const json = async (p: string, init: RequestInit & { json?: unknown } = {}) => {
    const response = await scim(p, init);
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  };
  const createUser = async (userName: string, extra: Record<string, unknown> = {}) => {
    const r = await json('/Users', {
      method: 'POST',
      json: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, ...extra },
    });
    if (r.status !== 201) throw new Error(`create ${userName}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { id: string } & Record<string, unknown>;
  };
  return { url, scim, json, createUser, store, service, errors };
}
