/**
 * The bench engine: the SCIM listener, its stores, traffic capture and backups, behind one object
 * that hosts (the `serve` CLI, Electron's main process, tests) create and drive. It never imports
 * electron; it announces everything through typed events (an `error` listener is mandatory).
 */
import { ConsoleCheck } from './check/console-check';
import { ReactionTracker } from './faults/reactions';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BenchEvent } from '../shared/api';
import { DEFAULT_ENDPOINT_ID } from '../shared/endpoints';
import type { BenchInfo, ExportFormat, Settings, TrafficFilter } from '../shared/types';
import { Credentials } from './auth/credentials';
import { prepareBackupFolder, type FolderContext } from './backup/backup-folder';
import { BenchDatabase } from './backup/bench-database';
import { BackupService } from './backup/backup-service';
import type { ChildLauncher } from './backup/child-launcher';
import { emptyReport, reconcileOnLaunch, type RestoreReport } from './backup/restore';
import { restoreListed } from './backup/restore-listed';
import { CommandError, type CommandHandlers } from './commands';
import { consoleHandlers, type ConsoleTarget } from './console/handlers';
import { dataFile } from './data-files';
import { EndpointCredentials } from './endpoints/endpoint-credentials';
import { applyEndpointsFile, readEndpointsFile, type EndpointsApplied } from './endpoints/endpoints-file';
import { UsageError } from './launch-options';
import { endpointBase, endpointCommands, tokenPath } from './endpoints/endpoint-commands';
import { EndpointRegistry, type EndpointRuntime } from './endpoints/endpoint-registry';
import { SCIM_LIMITS, guardedServer, socketsClosed } from './http/connection-guard';
import { makePrivateDir } from './fs/private-mode';
import { createScimApp } from './http/scim-app';
import { LiveSettings } from './settings';
import { ResourceStore } from './store/resource-store';
import { TrafficStore } from './store/traffic-store';
import { ActivityCycles } from './traffic/cycles';
import { exportChunks } from './traffic/export';
import { TrafficRecorder } from './traffic/recorder';
import { TrafficRetention, type RetentionLimits } from './traffic/retention';
import { APP_VERSION } from './version';

export { APP_VERSION };

/** How long quitting waits for a console check to finish its step and remove what it created. */
const CHECK_STOP_WAIT_MS = 20_000;

export interface EngineOptions {
  dataDir: string;
  port: number;
  host: string;
  /** Fixed bearer token; when null, one is generated once and kept in the data folder. */
  token: string | null;
  /** Settings as launch resolved them (flag > environment > saved > default; app/config.ts). */
  backupDir: string | null;
  backupIntervalMs: number;
  backupGenerations?: number;
  strict?: boolean;
  /** Traffic kept: by count, age and bytes (a limit not given has its default). */
  retention?: Partial<RetentionLimits>;
  /**
   * What was saved last time, under the values above: it carries the settings launch does not
   * resolve (the tunnel host, the desktop's own preferences) through to the console unchanged.
   */
  saved?: Partial<Settings>;
  /** Timeout for each operation on the backup share. */
  shareTimeoutMs?: number;
  trustProxy?: boolean;
  /** Record traffic (default true; false only for measuring what capture costs). */
  captureTraffic?: boolean;
  /** The console's port, when there is one (shown in Settings). */
  consolePort?: number | null;
  /** Largest request or response body kept per traffic entry (default 1 MB). */
  maxCapturedBodyBytes?: number;
  /** A JSON file of endpoints to create or update at start (`--endpoints`; docs/endpoints.md). */
  endpointsFile?: string | null;
  /** How child processes are started: Electron passes utilityProcess.fork (default child_process.fork). */
  launchChild?: ChildLauncher;
}

export interface EngineEvents {
  event: [BenchEvent];
  error: [Error];
  /** Something the user should know, in words (a limit reached, failed logins throttled). */
  warning: [string];
}

/** The engine: wiring and lifecycle. The work lives in the pieces it holds. */
export class Engine extends EventEmitter<EngineEvents> {
  private server: Server | null = null;
  private scimUrl = '';
  /** True while a restore swaps the database: SCIM requests get 503 meanwhile. */
  private restoring = false;
  /** Paused from the tray: SCIM requests get 503 (and are still recorded). */
  paused = false;
  private readonly database: BenchDatabase;
  /** Every endpoint's credentials, in their own files (never in bench.db, so never in a backup). */
  private readonly keys: EndpointCredentials;
  /** The endpoints: rows, stores, credentials and services (app/endpoints/). */
  readonly endpoints: EndpointRegistry;
  readonly live: LiveSettings;
  readonly traffic: TrafficStore;
  private backupService: BackupService;
  readonly retention: TrafficRetention;
  private readonly recorder: TrafficRecorder;
  /** Provisioning cycles over the whole log (the Activity screen). */
  readonly activity = new ActivityCycles(() => this.traffic);
  /** Proves a request to the SCIM port came from the console itself (app/console/console-mark.ts); never shown or stored. */
  readonly consoleMark = randomBytes(16).toString('base64url');
  /** `scim-bench check` from the console, one run at a time. */
  private readonly check = new ConsoleCheck((event) => this.emit('event', event));
  /** Recognises the clients' retries of faulted requests (docs/faults.md). */
  readonly reactions = new ReactionTracker();
  /** The console contract, implemented in-process. */
  readonly handlers: CommandHandlers;

  private constructor(
    private readonly options: EngineOptions,
    /** What happened at launch: restored generation, skipped ones, a conflict. */
    readonly restore: RestoreReport,
  ) {
    super();
    const { dataDir } = options;
    this.live = new LiveSettings(dataDir, {
      ...options.saved,
      backupDir: options.backupDir,
      backupIntervalMs: options.backupIntervalMs,
      backupGenerations: options.backupGenerations,
      strict: options.strict,
      retention: { ...options.saved?.retention, ...options.retention } as Settings['retention'],
    });
    this.database = new BenchDatabase(dataFile(dataDir, 'bench'));
    this.traffic = new TrafficStore(dataFile(dataDir, 'traffic'));
    this.keys = new EndpointCredentials(dataDir, options.token);
    this.endpoints = new EndpointRegistry({
      database: this.database,
      credentials: this.keys,
      strict: () => this.live.current.strict,
      faultsPaused: () => this.live.current.faultsPaused,
      onError: this.fail,
    });
    const fail = this.fail;
    this.recorder = new TrafficRecorder(
      this.traffic,
      (entries) => this.emit('event', { type: 'traffic:new', payload: { entries } }),
      fail,
      (message) => this.emit('warning', message),
    );
    this.retention = new TrafficRetention(this.traffic, this.live.current.retention, fail, () =>
      this.recorder.compact(),
    );
    this.backupService = this.createBackup(restore.conflict);
    this.handlers = consoleHandlers(this.consoleHost());
  }

  /** Reconciles with the backup folder (restoring when the local database is missing or behind), then opens everything. */
  static async open(options: EngineOptions): Promise<Engine> {
    // A bad endpoints file stops the start before anything is touched (UsageError: exit code 2).
    const endpointsFile = options.endpointsFile ? readEndpointsFile(options.endpointsFile) : null;
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
    const engine = new Engine(options, report);
    if (endpointsFile)
      try {
        engine.applied = applyEndpointsFile(endpointsFile, engine.endpoints, (id, token) => {
          if (id === DEFAULT_ENDPOINT_ID && options.token) return; // --token wins
          engine.keys.fix(id, token);
          engine.endpoints.rebuild(id);
        });
      } catch (error) {
        await engine.close(0);
        throw new UsageError(`--endpoints ${options.endpointsFile}: ${(error as Error).message}`);
      }
    return engine;
  }

  /** What the endpoints file created and updated at start (null without one). */
  applied: EndpointsApplied | null = null;

  private createBackup(conflict: string | null): BackupService {
    const { backupDir, backupIntervalMs, backupGenerations } = this.live.current;
    return new BackupService({
      dataDir: this.options.dataDir,
      sources: () => ({ db: this.database.db, store: this.store, traffic: this.traffic.db }),
      target: backupDir,
      intervalMs: backupIntervalMs,
      generations: backupGenerations,
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

  /** The default endpoint's provisioning store, on the database in place (a restore replaces it). */
  get store(): ResourceStore {
    return this.endpoints.byId(DEFAULT_ENDPOINT_ID)!.store;
  }

  private readonly fail = (error: unknown) =>
    void this.emit('error', error instanceof Error ? error : new Error(String(error)));

  /** What the console shows and may change. */
  settings(): Settings {
    return {
      ...this.live.current,
      retention: this.retention.current,
      port: this.server ? (this.server.address() as AddressInfo).port : this.options.port,
      consolePort: this.options.consolePort ?? null,
    };
  }

  /** Applies settings at once and keeps them for the next launch: all or nothing. */
  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const { backupDir } = this.live.current;
    // A new folder is checked (and created when it may be) before anything is applied.
    if (typeof patch.backupDir === 'string' && patch.backupDir !== backupDir)
      await prepareBackupFolder(patch.backupDir, this.folderContext());
    const changed = this.live.apply(patch);
    if (changed.has('retention')) this.retention.setLimits(this.live.current.retention);
    // The tray and every open console show the faults switch beside the endpoints' rules.
    if (changed.has('faultsPaused')) this.emit('event', { type: 'endpoints:changed', payload: {} });
    if (changed.has('backupDir') || changed.has('backupIntervalMs') || changed.has('backupGenerations')) {
      await this.backupService.stop(0, { finalBackup: false });
      this.backupService = this.createBackup(null);
      if (this.server) this.backupService.start();
      this.emit('event', { type: 'backup:status', payload: this.backupService.getStatus() });
    }
    const { port, consolePort } = this.settings();
    return { ...this.live.save({ port, consolePort }), retention: this.retention.current };
  }

  /** What the backup folder rules (app/backup/backup-folder.ts) need to know. */
  folderContext(): FolderContext {
    return {
      dataDir: this.options.dataDir,
      current: this.live.current.backupDir,
      timeoutMs: this.shareTimeoutMs,
      launch: this.options.launchChild,
    };
  }

  private get shareTimeoutMs(): number {
    return this.options.shareTimeoutMs ?? 30_000;
  }

  /** Opens the SCIM listener and starts the schedules. Resolves with the endpoint URL. */
  async listen(): Promise<string> {
    const endpoint = (name: string | null) => this.endpoints.byName(name);
    const app = createScimApp({
      endpoint,
      fingerprint: (secret, id) => this.keys.of(id ?? DEFAULT_ENDPOINT_ID).fingerprint(secret),
      record: this.options.captureTraffic === false ? null : (entry) => this.recorder.record(entry),
      trustProxy: this.options.trustProxy ?? false,
      maxCapturedBodyBytes: this.options.maxCapturedBodyBytes ?? 1024 * 1024,
      consoleMark: this.consoleMark,
      reactions: this.reactions,
      unavailable: () =>
        this.restoring
          ? 'SCIM Bench is restoring a backup; retry in a few seconds'
          : this.paused
            ? 'SCIM Bench is paused: every endpoint answers 503 (resume it from the tray)'
            : null,
      onError: this.fail,
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
   * generation is fetched and verified, and swapped in. SCIM requests meanwhile get 503.
   */
  async restoreGeneration(file: string): Promise<RestoreReport> {
    const { backupDir } = this.live.current;
    if (!backupDir) throw new CommandError(400, 'Backups are off: there is nothing to restore from');
    await this.backup.idle();
    this.restoring = true;
    try {
      const report = await restoreListed(this.database, this.options.dataDir, backupDir, file, {
        timeoutMs: this.shareTimeoutMs,
        launch: this.options.launchChild,
      });
      this.backup.resolved();
      return report;
    } finally {
      this.restoring = false;
    }
  }

  /** What the console handlers (app/console/handlers.ts) need of the engine. */
  private consoleHost() {
    const target = (id = DEFAULT_ENDPOINT_ID): ConsoleTarget => {
      const runtime = this.endpoint(id);
      return { scimUrl: this.origin + endpointBase(runtime), token: runtime.credentials.token, mark: this.consoleMark };
    };
    return {
      info: (id?: string) => this.info(id),
      target,
      rotateToken: (graceSeconds: number, id?: string) => this.endpoint(id).credentials.rotate(graceSeconds),
      traffic: this.traffic,
      clearTraffic: () => this.recorder.clear(), // on the writer thread
      backup: () => this.backup,
      restoreGeneration: (file: string) => this.restoreGeneration(file),
      folderContext: () => this.folderContext(),
      activity: this.activity,
      settings: () => this.settings(),
      updateSettings: (patch: Partial<Settings>) => this.updateSettings(patch),
      check: this.check,
      onEvent: (listener: (event: BenchEvent) => void) => {
        this.on('event', listener);
        return () => void this.off('event', listener);
      },
      endpoints: endpointCommands(
        this.endpoints,
        () => this.origin,
        () => this.emit('event', { type: 'endpoints:changed', payload: {} }),
      ),
    };
  }

  /** The listener's origin (`http://127.0.0.1:7643`): every endpoint's URL starts with it. */
  private get origin(): string {
    return new URL(this.scimUrl).origin;
  }

  /** An endpoint by id (default: the default one); a CommandError when there is none. */
  private endpoint(id = DEFAULT_ENDPOINT_ID): EndpointRuntime {
    const runtime = this.endpoints.byId(id);
    if (!runtime) throw new CommandError(404, `There is no endpoint '${id}'`);
    return runtime;
  }

  /** Export chunks for streaming (the console's download route, the desktop's save dialog). */
  exportTraffic(format: ExportFormat, filter: TrafficFilter): Iterable<string> {
    return exportChunks(this.traffic.iterate(filter), format);
  }

  /**
   * The default endpoint's credentials (`/scim/v2`, `--token`), asked for each time: the endpoints
   * file may fix the default endpoint's token after the engine is built, which replaces them.
   */
  get credentials(): Credentials {
    return this.keys.of(DEFAULT_ENDPOINT_ID);
  }

  /** The bearer token clients must send (the current one). */
  get token(): string {
    return this.credentials.token;
  }

  /** The bench, with the default endpoint's (or `id`'s) URL and credentials. */
  private info(id?: string): BenchInfo {
    const runtime = this.endpoint(id);
    const { credentials } = runtime;
    return {
      version: APP_VERSION,
      scimUrl: this.origin + endpointBase(runtime),
      token: credentials.token,
      previousTokenValidUntil: credentials.previousValidUntil,
      oauth: { ...credentials.oauthClient, tokenUrl: this.origin + tokenPath(runtime) },
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
    // First, while the process still runs: a console check stops and removes what it created.
    await this.check.stop(CHECK_STOP_WAIT_MS);
    const server = this.server;
    this.server = null;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      // A request a fault held is recorded in its socket's close handlers: let them run first.
      await socketsClosed(server);
    }
    await this.recorder.close();
    this.retention.stop();
    await this.backupService.stop(backupWaitMs);
    this.traffic.close();
    this.database.close();
  }
}
