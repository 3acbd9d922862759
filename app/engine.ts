/**
 * The bench engine: the SCIM listener, its stores, traffic capture and backups, behind one object
 * that hosts (the `serve` CLI, Electron's main process, tests) create and drive. It never imports
 * electron; it announces everything through typed events.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import type { BenchEvent } from '../shared/api';
import type { BackupStatus, BenchInfo, ExportFormat, TrafficFilter } from '../shared/types';
import { Credentials } from './auth/credentials';
import { TOKEN_PATH } from './auth/oauth-token';
import { BackupService } from './backup/backup-service';
import { restoreIfMissing, type RestoreReport } from './backup/restore';
import { CommandError, type CommandHandlers } from './commands';
import { createScimApp } from './http/scim-app';
import { ScimService } from './service/scim-service';
import { openDatabase, type Db } from './store/database';
import { BENCH_MIGRATIONS } from './store/migrations';
import { ResourceStore } from './store/resource-store';
import { TrafficStore } from './store/traffic-store';
import { curlCommand, exportChunks, exportMimeType } from './traffic/export';
import { TrafficRecorder } from './traffic/recorder';
import { replay } from './traffic/replay';
import { DEFAULT_RETENTION, TrafficRetention, type RetentionLimits } from './traffic/retention';

import { APP_VERSION } from './version';

export { APP_VERSION };

export interface EngineOptions {
  dataDir: string;
  port: number;
  host: string;
  /** Fixed bearer token; when null, one is generated once and kept in the data folder. */
  token: string | null;
  backupDir: string | null;
  backupIntervalMs: number;
  backupGenerations?: number;
  /** Timeout for each operation on the backup share. */
  shareTimeoutMs?: number;
  trustProxy?: boolean;
  strict?: boolean;
  /** Traffic kept: by count and age. */
  retention?: RetentionLimits;
  /** Largest request or response body kept per traffic entry (default 1 MB). */
  maxCapturedBodyBytes?: number;
}

export interface EngineEvents {
  event: [BenchEvent];
  error: [Error];
}

export class Engine extends EventEmitter<EngineEvents> {
  readonly restore: RestoreReport;
  private server: Server | null = null;
  private scimUrl = '';

  private constructor(
    private readonly options: EngineOptions,
    private readonly db: Db,
    readonly store: ResourceStore,
    private readonly traffic: TrafficStore,
    private readonly recorder: TrafficRecorder,
    readonly retention: TrafficRetention,
    readonly backup: BackupService,
    readonly credentials: Credentials,
    restore: RestoreReport,
  ) {
    super();
    this.restore = restore;
  }

  /** Restores from the backup folder if the local database is missing, then opens everything. */
  static async open(options: EngineOptions): Promise<Engine> {
    mkdirSync(options.dataDir, { recursive: true });
    const dbFile = path.join(options.dataDir, 'bench.db');
    const shareTimeoutMs = options.shareTimeoutMs ?? 30_000;
    const restore = options.backupDir
      ? await restoreIfMissing(dbFile, options.backupDir, shareTimeoutMs).catch((error: Error) => ({
          restored: null,
          skipped: [{ file: options.backupDir!, reason: error.message }],
        }))
      : { restored: null, skipped: [] };
    const db = openDatabase(dbFile, { migrations: BENCH_MIGRATIONS });
    const store = new ResourceStore(db);
    const traffic = new TrafficStore(path.join(options.dataDir, 'traffic.db'));
    const credentials = Credentials.inDataDir(options.dataDir, options.token);
    let engine: Engine | null = null;
    const emit = (event: BenchEvent) => engine?.emit('event', event);
    const fail = (error: unknown) => engine?.emit('error', error instanceof Error ? error : new Error(String(error)));
    const recorder = new TrafficRecorder(
      traffic,
      (entries) => emit({ type: 'traffic:new', payload: { entries } }),
      fail,
    );
    const backup = new BackupService({
      dataDir: options.dataDir,
      db,
      store,
      target: options.backupDir,
      intervalMs: options.backupIntervalMs,
      generations: options.backupGenerations ?? 10,
      timeoutMs: shareTimeoutMs,
      appVersion: APP_VERSION,
      onStatus: (status: BackupStatus) => emit({ type: 'backup:status', payload: status }),
    });
    const retention = new TrafficRetention(traffic, options.retention ?? DEFAULT_RETENTION, fail);
    engine = new Engine(options, db, store, traffic, recorder, retention, backup, credentials, restore);
    return engine;
  }

  /** Opens the SCIM listener and starts the backup schedule. Resolves with the endpoint URL. */
  async listen(): Promise<string> {
    const service = new ScimService(this.store, { strict: () => this.options.strict ?? false });
    const app = createScimApp({
      service,
      credentials: this.credentials,
      record: (entry) => this.recorder.record(entry),
      trustProxy: this.options.trustProxy ?? false,
      maxCapturedBodyBytes: this.options.maxCapturedBodyBytes ?? 1024 * 1024,
      onError: (error) => this.emit('error', error instanceof Error ? error : new Error(String(error))),
    });
    this.server = await new Promise<Server>((resolve, reject) => {
      const server = app.listen(this.options.port, this.options.host);
      server.once('listening', () => resolve(server));
      server.once('error', reject);
    });
    const { port } = this.server.address() as AddressInfo;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    this.scimUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/scim/v2`;
    this.backup.start();
    this.retention.start();
    return this.scimUrl;
  }

  /** The console contract, implemented in-process. */
  readonly handlers: CommandHandlers = {
    'info:get': async () => this.info(),
    'traffic:list': async (query) => this.traffic.list(query),
    'traffic:get': async ({ id }) => this.traffic.get(id),
    'traffic:stats': async (filter) => this.traffic.stats(filter),
    'traffic:clear': async () => ({ removed: this.traffic.clear() }),
    'traffic:export': async ({ format, filter }) => ({
      fileName: `scim-bench-traffic.${format}`,
      mimeType: exportMimeType(format),
      content: [...exportChunks(this.traffic.iterate(filter), format)].join(''),
    }),
    'traffic:curl': async ({ id }) => {
      const entry = this.traffic.get(id);
      return entry && curlCommand(entry);
    },
    'traffic:replay': async ({ id }) => {
      const entry = this.traffic.get(id);
      if (!entry) throw new CommandError(404, `No traffic entry ${id}`);
      return replay(entry, new URL(this.scimUrl).origin, this.credentials.token);
    },
    'backup:get-status': async () => this.backup.getStatus(),
    'backup:run-now': () => this.backup.runNow(),
    'auth:rotate-token': async ({ graceSeconds }) => {
      this.credentials.rotate(graceSeconds);
      return this.info();
    },
  };

  /** Export chunks for streaming (the console's download route). */
  exportTraffic(format: ExportFormat, filter: TrafficFilter): Iterable<string> {
    return exportChunks(this.traffic.iterate(filter), format);
  }

  /** The bearer token clients must send (the current one). */
  get token(): string {
    return this.credentials.token;
  }

  private info(): BenchInfo {
    return {
      version: APP_VERSION,
      scimUrl: this.scimUrl,
      token: this.credentials.token,
      previousTokenValidUntil: this.credentials.previousValidUntil,
      oauth: { ...this.credentials.oauthClient, tokenUrl: this.scimUrl.replace(/\/scim\/v2$/, TOKEN_PATH) },
      dataDir: this.options.dataDir,
    };
  }

  /** Stops accepting, lets in-flight requests finish, writes queued traffic, backs up, closes. */
  async close(backupWaitMs = 10_000): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    }
    this.recorder.flush();
    this.retention.stop();
    await this.backup.stop(backupWaitMs);
    this.traffic.close();
    this.db.close();
  }
}
