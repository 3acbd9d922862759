/**
 * The console contract: what the UI may ask of the engine and what the engine announces.
 * Implemented by the engine (in-process), and carried over IPC (Electron) or HTTP + SSE (`serve`).
 */
import type { CommandName } from './channels';
import type { z } from 'zod';
import type { commandInputs } from './contract';
import type { CheckReport, StepResult } from './check';
import type { FaultCommandOutputs, FaultSummary } from './faults';
import type { EndpointCommandOutputs, EndpointInfo, EndpointRemoval, EndpointRestored } from './endpoints';
import type {
  ActivityPage,
  BackupFolderCheck,
  BackupGeneration,
  ConnectionStep,
  ScimCall,
  Settings,
  BackupStatus,
  BenchInfo,
  TrafficEntry,
  TrafficPage,
  TrafficQuery,
  TrafficStats,
  TrafficStatsQuery,
  TrafficSummary,
} from './types';

/** A request exactly as replay will send it; the token and the console mark appear as placeholders. */
export interface ReplayRequest {
  method: string;
  /** The request target (path and query), byte for byte as it was received. */
  target: string;
  headers: Record<string, string>;
  body: string | null;
}

/**
 * What each command answers. What it takes is its zod schema in contract.ts, the one source of truth:
 * `CommandInput` is what a caller may send, `HandlerInput` what the handler gets once it is parsed.
 */
export interface CommandOutputs extends EndpointCommandOutputs, FaultCommandOutputs {
  'info:get': BenchInfo;
  'traffic:list': TrafficPage;
  'traffic:get': TrafficEntry | null;
  'traffic:stats': TrafficStats;
  'traffic:clear': { removed: number };
  /** A curl command for the entry: the token read from $SCIM_BENCH_TOKEN, or (`withToken`) carried. */
  'traffic:curl': string | null;
  /** What `traffic:replay` would send; refused (422) for what is never replayed. */
  'traffic:replay-preview': ReplayRequest;
  /** The answer's status, and the id of the new entry that records the replay (null if not recorded). */
  'traffic:replay': { status: number; id: number | null };
  'backup:get-status': BackupStatus;
  'backup:run-now': BackupStatus;
  'backup:list': BackupGeneration[];
  /** What came back, per endpoint, and where the replaced database was kept. */
  'backup:restore': { restored: string | null; setAside: string | null; endpoints: EndpointRestored[] };
  /** What saving this folder as the backup folder would do, or why it is refused (the rule `settings:update` applies). */
  'backup:check-folder': BackupFolderCheck;
  /** Writes a new marker in the backup folder that lost its own (after the user confirmed), then backs up. */
  'backup:new-set': BackupStatus;
  /** Provisioning cycles over the whole traffic log, newest first. */
  'activity:cycles': ActivityPage;
  /** `serve` only: a new console key; every console session ends. Answers the new console URL. */
  'console:rotate-key': { consoleUrl: string };
  'auth:rotate-token': BenchInfo;
  'settings:get': Settings;
  'settings:update': Settings;
  'connect:test': ConnectionStep[];
  /** The whole report at the end; each step is announced as `check:step` as it finishes. */
  'check:run': CheckReport;
  'check:cancel': { cancelled: boolean };
  'scim:request': { status: number; body: unknown };
}

/** Payload of each pushed event. */
export interface EventMap {
  'traffic:new': { entries: TrafficSummary[] };
  'backup:status': BackupStatus;
  /** Some live entries were skipped (a slow reader): reload the list from the store. */
  'traffic:resync': Record<string, never>;
  /**
   * An endpoint was created, renamed, paused, changed (its fault rules too), reset or deleted, or the
   * global faults switch flipped: lists of endpoints, and the settings' `faultsPaused`, are stale.
   */
  'endpoints:changed': Record<string, never>;
  /** A step of the running check finished (`check:run`). */
  'check:step': { result: StepResult; index: number; total: number };
}

export type BenchEvent = { [K in keyof EventMap]: { type: K; payload: EventMap[K] } }[keyof EventMap];

export type CommandInput<K extends CommandName> = z.input<(typeof commandInputs)[K]>;
export type HandlerInput<K extends CommandName> = z.output<(typeof commandInputs)[K]>;
export type CommandOutput<K extends CommandName> = CommandOutputs[K];

/** What a transport must provide: call a command, and listen to events. */
export interface Transport {
  invoke<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>>;
  subscribe(listener: (event: BenchEvent) => void): () => void;
}

/** The capability-shaped API the renderer uses (`window.bench` in Electron). */
export interface BenchApi {
  info: {
    get(): Promise<BenchInfo>;
    /** New bearer token; the old one stays valid for `graceSeconds`. */
    /** New bearer token (of the default endpoint, or `endpoint`'s); the old one stays valid for `graceSeconds`. */
    rotateToken(graceSeconds: number, endpoint?: string): Promise<BenchInfo>;
  };
  endpoints: {
    list(): Promise<EndpointInfo[]>;
    create(input: CommandInput<'endpoints:create'>): Promise<EndpointInfo>;
    update(input: CommandInput<'endpoints:update'>): Promise<EndpointInfo>;
    /** Wipes users and groups; settings, credentials and traffic stay. */
    reset(id: string): Promise<EndpointRemoval>;
    remove(id: string): Promise<EndpointRemoval>;
  };
  traffic: {
    list(query: TrafficQuery): Promise<TrafficPage>;
    get(id: number): Promise<TrafficEntry | null>;
    stats(query: TrafficStatsQuery): Promise<TrafficStats>;
    clear(): Promise<{ removed: number }>;
    /** "Copy as curl"; `withToken` puts the current token in it (made on request, never stored). */
    curl(id: number, withToken?: boolean): Promise<string | null>;
    /** What `replay` would send, to show before sending it. */
    replayPreview(id: number): Promise<ReplayRequest>;
    replay(id: number): Promise<{ status: number; id: number | null }>;
  };
  backup: {
    status(): Promise<BackupStatus>;
    runNow(): Promise<BackupStatus>;
    list(): Promise<BackupGeneration[]>;
    /** Restores a listed generation; the current database is set aside first. */
    restore(file: string): Promise<CommandOutput<'backup:restore'>>;
    /** What saving this folder would do, or why it is refused. */
    checkFolder(dir: string): Promise<BackupFolderCheck>;
    /** Starts a new backup set in the backup folder that lost its marker (ask the user first). */
    newSet(dir: string): Promise<BackupStatus>;
  };
  faults: {
    /** One endpoint's faults and the client's reactions, over the last `lastMinutes` (absent: the whole log). */
    summary(endpoint: string, lastMinutes?: number): Promise<FaultSummary>;
  };
  activity: {
    /** Provisioning cycles over the whole log, newest first; `before` is the previous page's `nextCursor`. */
    cycles(page: { before?: number; limit?: number }): Promise<ActivityPage>;
  };
  console: {
    /** `serve` only: a new console key, ending every console session (this one too). */
    rotateKey(): Promise<{ consoleUrl: string }>;
  };
  settings: {
    get(): Promise<Settings>;
    update(patch: Partial<Omit<Settings, 'port' | 'consolePort'>>): Promise<Settings>;
  };
  check: {
    /** Checks a SCIM server (a URL and its token) or one of the bench's endpoints, as Entra and Okta use it. */
    run(input: CommandInput<'check:run'>): Promise<CheckReport>;
    cancel(): Promise<{ cancelled: boolean }>;
  };
  connect: {
    /** Runs Entra's connection probe against the endpoint (or a tunnel URL) and reports each step. */
    test(url?: string, endpoint?: string): Promise<ConnectionStep[]>;
  };
  /** SCIM requests from the console (Directory): they go through the endpoint and appear as traffic. */
  scim(call: ScimCall): Promise<{ status: number; body: unknown }>;
  /** Subscribe to engine events; returns the unsubscribe function. */
  subscribe(listener: (event: BenchEvent) => void): () => void;
}

/** Builds the capability-shaped API over any transport, so IPC and HTTP expose the same surface. */
export function createBenchApi(transport: Transport): BenchApi {
  return {
    info: {
      get: () => transport.invoke('info:get', undefined),
      rotateToken: (graceSeconds, endpoint) =>
        transport.invoke('auth:rotate-token', endpoint ? { graceSeconds, endpoint } : { graceSeconds }),
    },
    endpoints: {
      list: () => transport.invoke('endpoints:list', undefined),
      create: (input) => transport.invoke('endpoints:create', input),
      update: (input) => transport.invoke('endpoints:update', input),
      reset: (id) => transport.invoke('endpoints:reset', { id }),
      remove: (id) => transport.invoke('endpoints:delete', { id }),
    },
    traffic: {
      list: (query) => transport.invoke('traffic:list', query),
      get: (id) => transport.invoke('traffic:get', { id }),
      stats: (filter) => transport.invoke('traffic:stats', filter),
      clear: () => transport.invoke('traffic:clear', undefined),
      curl: (id, withToken) => transport.invoke('traffic:curl', withToken ? { id, withToken } : { id }),
      replayPreview: (id) => transport.invoke('traffic:replay-preview', { id }),
      replay: (id) => transport.invoke('traffic:replay', { id }),
    },
    backup: {
      status: () => transport.invoke('backup:get-status', undefined),
      runNow: () => transport.invoke('backup:run-now', undefined),
      list: () => transport.invoke('backup:list', undefined),
      restore: (file) => transport.invoke('backup:restore', { file }),
      checkFolder: (dir) => transport.invoke('backup:check-folder', { dir }),
      newSet: (dir) => transport.invoke('backup:new-set', { dir }),
    },
    faults: {
      summary: (endpoint, lastMinutes) =>
        transport.invoke('faults:summary', lastMinutes ? { endpoint, lastMinutes } : { endpoint }),
    },
    activity: { cycles: (page) => transport.invoke('activity:cycles', page) },
    console: { rotateKey: () => transport.invoke('console:rotate-key', undefined) },
    settings: {
      get: () => transport.invoke('settings:get', undefined),
      update: (patch) => transport.invoke('settings:update', patch),
    },
    check: {
      run: (input) => transport.invoke('check:run', input),
      cancel: () => transport.invoke('check:cancel', undefined),
    },
    connect: {
      test: (url, endpoint) =>
        transport.invoke('connect:test', { ...(url ? { url } : {}), ...(endpoint ? { endpoint } : {}) }),
    },
    scim: (call) => transport.invoke('scim:request', call),
    subscribe: (listener) => transport.subscribe(listener),
  };
}
