/**
 * The bench engine: the SCIM listener, its stores, traffic capture and backups, behind one object
 * that hosts (the `serve` CLI, Electron's main process, tests) create and drive. It never imports
 * electron; it announces everything through typed events (an `error` listener is mandatory).
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { rename } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BenchEvent } from '../shared/api';
import type { BackupGeneration, BenchInfo, ExportFormat, Settings, TrafficFilter } from '../shared/types';
import { testConnection } from './console/connection-test';
import { consoleScim } from './console/console-scim';
import { saveSettings } from './settings';
import { Credentials } from './auth/credentials';
import { TOKEN_PATH } from './auth/oauth-token';
import { checkBackupFolder, prepareBackupFolder, startNewBackupSet, type FolderContext } from './backup/backup-folder';
import { BackupService } from './backup/backup-service';
import type { ChildLauncher } from './backup/child-launcher';
import {
  emptyReport,
  listedGeneration,
  putBack,
  reconcileOnLaunch,
  restoreNewestValid,
  setAside,
  type RestoreReport,
} from './backup/restore';
import { Share } from './backup/share';
import { CommandError, type CommandHandlers } from './commands';
import { SCIM_LIMITS, guardedServer } from './http/connection-guard';
import { makePrivateDir } from './fs/private-mode';
import { defaultEndpointProfile } from './profiles/default-profile';
import { createScimApp } from './http/scim-app';
import { ScimService } from './service/scim-service';
import { openDatabase, type Db } from './store/database';
import { BENCH_MIGRATIONS } from './store/migrations';
import { ResourceStore } from './store/resource-store';
import { TrafficStore } from './store/traffic-store';
import { ActivityCycles } from './traffic/cycles';
import { curlCommand, exportChunks } from './traffic/export';
import { TrafficRecorder } from './traffic/recorder';
import { replay, replayPreview } from './traffic/replay';
import { DEFAULT_RETENTION, TrafficRetention, type RetentionLimits } from './traffic/retention';
import { APP_VERSION } from './version';

export { APP_VERSION };

const notYet = async (): Promise<never> => {
  throw new CommandError(501, 'Endpoints are not available in this build yet');
};

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
  /** Traffic kept: by count, age and bytes (a limit not given has its default). */
  retention?: Partial<RetentionLimits>;
  /** Record traffic (default true; false only for measuring what capture costs). */
  captureTraffic?: boolean;
  /** Desktop preferences, kept with the other settings. */
  closeToTray?: boolean;
  notifyOnBackupFailure?: boolean;
  /** The tunnel's public host, remembered for Connect (Settings.tunnelHost). */
  tunnelHost?: string | null;
  /** The console's port, when there is one (shown in Settings). */
  consolePort?: number | null;
  /** Largest request or response body kept per traffic entry (default 1 MB). */
  maxCapturedBodyBytes?: number;
  /** How child processes are started: Electron passes utilityProcess.fork (default child_process.fork). */
  launchChild?: ChildLauncher;
}

export interface EngineEvents {
  event: [BenchEvent];
  error: [Error];
  /** Something the user should know, in words (a limit reached, failed logins throttled). */
  warning: [string];
}

export class Engine extends EventEmitter<EngineEvents> {
  private server: Server | null = null;
  private scimUrl = '';
  /** True while a restore swaps the database: SCIM requests get 503 meanwhile. */
  private restoring = false;
  /** Paused from the tray: SCIM requests get 503 (and are still recorded). */
  paused = false;
  private db: Db;
  private resources: ResourceStore;
  readonly traffic: TrafficStore;
  readonly credentials: Credentials;
  private backupService: BackupService;
  readonly retention: TrafficRetention;
  private readonly recorder: TrafficRecorder;
  /** Provisioning cycles over the whole log (the Activity screen). */
  private readonly activity = new ActivityCycles(() => this.traffic);
  /** Proves a request to the SCIM port came from the console itself (app/console/console-mark.ts); never shown or stored. */
  readonly consoleMark = randomBytes(16).toString('base64url');

  private constructor(
    private options: EngineOptions,
    /** What happened at launch: restored generation, skipped ones, a conflict. */
    readonly restore: RestoreReport,
  ) {
    super();
    this.db = openDatabase(this.dbFile, { migrations: BENCH_MIGRATIONS });
    this.resources = new ResourceStore(this.db);
    this.traffic = new TrafficStore(path.join(options.dataDir, 'traffic.db'));
    this.credentials = Credentials.inDataDir(options.dataDir, options.token);
    const fail = (error: unknown) => this.emit('error', error instanceof Error ? error : new Error(String(error)));
    this.recorder = new TrafficRecorder(
      this.traffic,
      (entries) => this.emit('event', { type: 'traffic:new', payload: { entries } }),
      fail,
      (message) => this.emit('warning', message),
    );
    this.retention = new TrafficRetention(this.traffic, options.retention ?? DEFAULT_RETENTION, fail, () =>
      this.recorder.compact(),
    );
    this.backupService = this.createBackup(restore.conflict);
  }

  private createBackup(conflict: string | null): BackupService {
    return new BackupService({
      dataDir: this.options.dataDir,
      sources: () => ({ db: this.db, store: this.resources, traffic: this.traffic.db }),
      target: this.options.backupDir,
      intervalMs: this.options.backupIntervalMs,
      generations: this.options.backupGenerations ?? 10,
      timeoutMs: this.shareTimeoutMs,
      appVersion: APP_VERSION,
      conflict,
      launchChild: this.options.launchChild,
      onStatus: (status) => this.emit('event', { type: 'backup:status', payload: status }),
    });
  }

  /** The backup service (replaced when the backup settings change). */
  get backup(): BackupService {
    return this.backupService;
  }

  /** What the console shows and may change. */
  settings(): Settings {
    return {
      backupDir: this.options.backupDir,
      backupIntervalMs: this.options.backupIntervalMs,
      backupGenerations: this.options.backupGenerations ?? 10,
      strict: this.options.strict ?? false,
      closeToTray: this.options.closeToTray ?? true,
      notifyOnBackupFailure: this.options.notifyOnBackupFailure ?? false,
      tunnelHost: this.options.tunnelHost ?? null,
      retention: this.retention.current,
      port: this.server ? (this.server.address() as AddressInfo).port : this.options.port,
      consolePort: this.options.consolePort ?? null,
    };
  }

  /** Applies settings at once and keeps them for the next launch. */
  async updateSettings(patch: Partial<Omit<Settings, 'port' | 'consolePort'>>): Promise<Settings> {
    // A folder is checked (and created when it may be) before anything is applied: all or nothing.
    if (typeof patch.backupDir === 'string' && patch.backupDir !== this.options.backupDir)
      await prepareBackupFolder(patch.backupDir, this.folderContext());
    if (patch.strict !== undefined) this.options.strict = patch.strict;
    if (patch.closeToTray !== undefined) this.options.closeToTray = patch.closeToTray;
    if (patch.notifyOnBackupFailure !== undefined) this.options.notifyOnBackupFailure = patch.notifyOnBackupFailure;
    if (patch.tunnelHost !== undefined) this.options.tunnelHost = patch.tunnelHost;
    if (patch.retention) this.retention.setLimits(patch.retention);
    const backupChanged =
      (patch.backupDir !== undefined && patch.backupDir !== this.options.backupDir) ||
      (patch.backupIntervalMs !== undefined && patch.backupIntervalMs !== this.options.backupIntervalMs) ||
      (patch.backupGenerations !== undefined && patch.backupGenerations !== this.options.backupGenerations);
    if (backupChanged) {
      await this.backupService.stop(0, { finalBackup: false });
      if (patch.backupDir !== undefined) this.options.backupDir = patch.backupDir;
      if (patch.backupIntervalMs !== undefined) this.options.backupIntervalMs = patch.backupIntervalMs;
      if (patch.backupGenerations !== undefined) this.options.backupGenerations = patch.backupGenerations;
      this.backupService = this.createBackup(null);
      if (this.server) this.backupService.start();
      this.emit('event', { type: 'backup:status', payload: this.backupService.getStatus() });
    }
    const settings = this.settings();
    saveSettings(this.options.dataDir, settings);
    return settings;
  }

  /** What the backup folder rules (app/backup/backup-folder.ts) need to know. */
  private folderContext(): FolderContext {
    return {
      dataDir: this.options.dataDir,
      current: this.options.backupDir,
      timeoutMs: this.shareTimeoutMs,
      launch: this.options.launchChild,
    };
  }

  /** Reconciles with the backup folder (restoring when the local database is missing or behind), then opens everything. */
  static async open(options: EngineOptions): Promise<Engine> {
    makePrivateDir(options.dataDir);
    const report = options.backupDir
      ? await reconcileOnLaunch(options.dataDir, options.backupDir, {
          timeoutMs: options.shareTimeoutMs ?? 30_000,
          launch: options.launchChild,
        }).catch((error: Error) => ({
          ...emptyReport(),
          skipped: [{ file: options.backupDir!, reason: error.message }],
        }))
      : emptyReport();
    return new Engine(options, report);
  }

  private get dbFile(): string {
    return path.join(this.options.dataDir, 'bench.db');
  }

  private get shareTimeoutMs(): number {
    return this.options.shareTimeoutMs ?? 30_000;
  }

  /** The provisioning store (replaced when a generation is restored). */
  get store(): ResourceStore {
    return this.resources;
  }

  /** Opens the SCIM listener and starts the schedules. Resolves with the endpoint URL. */
  async listen(): Promise<string> {
    const service = new ScimService(() => this.resources, {
      profile: () => defaultEndpointProfile(this.options.strict ?? false),
      onError: (error) => this.emit('error', error instanceof Error ? error : new Error(String(error))),
    });
    const app = createScimApp({
      service,
      credentials: this.credentials,
      record: this.options.captureTraffic === false ? null : (entry) => this.recorder.record(entry),
      trustProxy: this.options.trustProxy ?? false,
      maxCapturedBodyBytes: this.options.maxCapturedBodyBytes ?? 1024 * 1024,
      consoleMark: this.consoleMark,
      unavailable: () =>
        this.restoring
          ? 'SCIM Bench is restoring a backup; retry in a few seconds'
          : this.paused
            ? 'The SCIM endpoint is paused in SCIM Bench (resume it from the tray)'
            : null,
      onError: (error) => this.emit('error', error instanceof Error ? error : new Error(String(error))),
      onWarning: (message) => this.emit('warning', message),
    });
    this.server = await new Promise<Server>((resolve, reject) => {
      const server = guardedServer(app, SCIM_LIMITS, (message) => this.emit('warning', message));
      server.listen(this.options.port, this.options.host);
      server.once('listening', () => resolve(server));
      server.once('error', reject);
    });
    const { port } = this.server.address() as AddressInfo;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    this.scimUrl = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}/scim/v2`;
    this.backup.start();
    this.retention.start();
    if (this.credentials.warning) this.emit('warning', this.credentials.warning); // hosts listen by now
    return this.scimUrl;
  }

  /**
   * Restores a listed generation now: the current database is set aside (never deleted), the
   * generation is fetched and verified, and the store reopened. SCIM requests meanwhile get 503.
   */
  async restoreGeneration(file: string): Promise<RestoreReport> {
    if (!this.options.backupDir) throw new CommandError(400, 'Backups are off: there is nothing to restore from');
    await this.backup.idle();
    const share = new Share(this.options.backupDir, {
      timeoutMs: this.shareTimeoutMs,
      launch: this.options.launchChild,
    });
    const report = emptyReport();
    this.restoring = true;
    try {
      const generation = await listedGeneration(share, file).catch((error: Error) => {
        throw new CommandError(409, error.message);
      });
      if (!generation) throw new CommandError(404, `${file} is not listed in the backup folder's manifest`);
      const incoming = path.join(this.options.dataDir, 'bench-incoming.db');
      const verified = await restoreNewestValid(share, [generation], incoming, 'bench', report);
      if (!verified)
        throw new CommandError(422, `${file} cannot be restored: ${report.skipped[0]?.reason ?? 'unknown reason'}`);
      this.db.close();
      report.setAside = await setAside(this.dbFile, 'before-restore');
      await rename(incoming, this.dbFile).catch(async (error: unknown) => {
        await putBack(report.setAside!, this.dbFile); // never leave the bench without its data
        throw error;
      });
      this.db = openDatabase(this.dbFile, { migrations: BENCH_MIGRATIONS });
      this.resources = new ResourceStore(this.db);
      this.backup.resolved();
      return report;
    } finally {
      if (!this.db.open) {
        // The swap failed after closing: reopen whatever is in place so the endpoint keeps serving.
        this.db = openDatabase(this.dbFile, { migrations: BENCH_MIGRATIONS });
        this.resources = new ResourceStore(this.db);
      }
      this.restoring = false;
      share.close();
    }
  }

  /** The console contract, implemented in-process. */
  readonly handlers: CommandHandlers = {
    'info:get': async () => this.info(),
    'traffic:list': async (query) => this.traffic.list(query),
    'traffic:get': async ({ id }) => this.traffic.get(id),
    'traffic:stats': async (filter) => this.traffic.stats(filter),
    'traffic:clear': async () => ({ removed: await this.recorder.clear() }), // on the writer thread
    'traffic:curl': async ({ id, withToken }) => {
      const entry = this.traffic.get(id);
      return entry && curlCommand(entry, withToken ? this.credentials.token : undefined);
    },
    'traffic:replay-preview': async ({ id }) => replayPreview(this.traffic, id, new URL(this.scimUrl).origin),
    'traffic:replay': ({ id }) =>
      replay(
        this.traffic,
        id,
        new URL(this.scimUrl).origin,
        { token: this.credentials.token, mark: this.consoleMark },
        (listener) => {
          const written = (event: BenchEvent) => event.type === 'traffic:new' && listener();
          this.on('event', written);
          return () => void this.off('event', written);
        },
      ),
    'backup:get-status': async () => this.backup.getStatus(),
    'backup:run-now': () => this.backup.runNow(),
    'backup:list': async (): Promise<BackupGeneration[]> =>
      (await this.backup.list()).map(({ file, time, size, changes, host, appVersion }) => ({
        file,
        time,
        size,
        changes,
        host,
        appVersion,
      })),
    'backup:restore': async ({ file }) => {
      const report = await this.restoreGeneration(file);
      return { restored: report.restored, setAside: report.setAside };
    },
    'backup:check-folder': ({ dir }) => checkBackupFolder(dir, this.folderContext()),
    'backup:new-set': async ({ dir }) => {
      await startNewBackupSet(dir, this.folderContext());
      return this.backup.runNow();
    },
    'activity:cycles': (page) => this.activity.page(page),
    // `serve`'s console replaces this handler (app/http/console-app.ts): the key is its own.
    'console:rotate-key': async () => {
      throw new CommandError(409, 'Only `scim-bench serve` has a console key; the desktop app needs none');
    },
    'auth:rotate-token': async ({ graceSeconds }) => {
      this.credentials.rotate(graceSeconds);
      return this.info();
    },
    'settings:get': async () => this.settings(),
    'settings:update': (patch) => this.updateSettings(patch),
    'connect:test': ({ url }) =>
      testConnection(url ?? this.scimUrl, this.credentials.token, this.consoleMark, this.scimUrl),
    'scim:request': (call) => consoleScim(this.scimUrl, this.credentials.token, this.consoleMark, call),
    // Issue 14 in progress: the contract is in place, the endpoints work lands next.
    'endpoints:list': notYet,
    'endpoints:create': notYet,
    'endpoints:update': notYet,
    'endpoints:reset': notYet,
    'endpoints:delete': notYet,
  };

  /** Export chunks for streaming (the console's download route, the desktop's save dialog). */
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
      trustProxy: this.options.trustProxy ?? false,
    };
  }

  private closing: Promise<void> | null = null;

  /** Stops accepting, lets in-flight requests finish, writes queued traffic, backs up, closes. Idempotent. */
  close(backupWaitMs = 10_000): Promise<void> {
    this.closing ??= this.shutdown(backupWaitMs);
    return this.closing;
  }

  private async shutdown(backupWaitMs: number): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    }
    await this.recorder.close();
    this.retention.stop();
    await this.backupService.stop(backupWaitMs);
    this.traffic.close();
    this.db.close();
  }
}
