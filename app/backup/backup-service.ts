/**
 * Periodic backups to the chosen folder, kept as N verified generations listed in a manifest. A
 * failed run never replaces or removes a good generation, and never stops the SCIM endpoint:
 * snapshots are VACUUM INTO on a worker thread, share I/O (and reading the untrusted manifest)
 * runs in a killable child process. The traffic history is backed up too, but at most hourly, as
 * its own two generations. Only files the bench published are ever deleted from the share.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupStatus } from '../../shared/types';
import type { Db } from '../store/database';
import type { ResourceStore } from '../store/resource-store';
import { readBackupState, writeBackupState, type BackupState } from './backup-state';
import type { ChildLauncher } from './child-launcher';
import { isDiskFull } from './generation-db';
import type { GenerationKind } from './manifest';
import { Share, ShareError, type Generation, type Manifest } from './share';
import { removeDatabaseFiles, snapshot } from './snapshot';

export interface BackupSources {
  db: Db;
  store: ResourceStore;
  traffic: Db | null;
}

export interface BackupOptions {
  dataDir: string;
  /** The live databases (a getter: a restore swaps them). */
  sources(): BackupSources;
  target: string | null;
  intervalMs: number;
  generations: number;
  timeoutMs: number;
  appVersion: string;
  /** Traffic history is backed up at most this often (default 1 h). */
  trafficIntervalMs?: number;
  /** Leftover `.partial-*` files older than this are removed after a good run (default 1 h). */
  partialMaxAgeMs?: number;
  /** A conflict found at launch pauses automatic backups until the user decides. */
  conflict?: string | null;
  /** How the share child is started (default child_process.fork). */
  launchChild?: ChildLauncher | undefined;
  onStatus(status: BackupStatus): void;
}

const FIRST_RETRY_MS = 10_000;
const TRAFFIC_GENERATIONS = 2;

const STAGING = 'backup-staging-';

const stamp = (time: string) => time.replace(/[-:]/g, '').replace(/\..*$/, '');

/** A full disk while writing into the data folder is this machine's problem, and says so. */
function localFailure(error: unknown, dataDir: string): Error {
  return isDiskFull(error)
    ? new ShareError(`The local disk holding ${dataDir} is full; the backup could not be prepared there`, false)
    : (error as Error);
}

export class BackupService {
  private status: BackupStatus;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BackupStatus> | null = null;
  private failures = 0;
  private stopped = false;

  constructor(private readonly options: BackupOptions) {
    this.status = {
      state: options.target ? (options.conflict ? 'error' : 'idle') : 'disabled',
      target: options.target,
      intervalMs: options.intervalMs,
      lastSuccess: null,
      lastAttempt: null,
      lastError: options.conflict ?? null,
      nextRun: null,
      sizeBytes: null,
      generations: 0,
      conflict: options.conflict ?? null,
    };
  }

  getStatus(): BackupStatus {
    return { ...this.status };
  }

  start(): void {
    if (this.options.target && !this.status.conflict) this.schedule(this.options.intervalMs);
  }

  /** Runs a backup now; concurrent callers share the run in progress. Resolves a launch conflict as "keep this machine's". */
  runNow(): Promise<BackupStatus> {
    if (!this.options.target) return Promise.resolve(this.getStatus());
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Waits for a backup in progress to finish (before a restore swaps the database). */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Stops the schedule and (unless told not to) makes a last backup, waiting at most `waitMs`. */
  async stop(waitMs: number, { finalBackup = true } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (!finalBackup) return void (await this.idle());
    if (!this.options.target || this.status.conflict) return;
    await Promise.race([this.runNow(), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
  }

  /** The generations listed on the share, newest first. */
  async list(): Promise<Generation[]> {
    if (!this.options.target) return [];
    const share = this.share();
    try {
      return (await share.readManifest()).manifest.generations;
    } finally {
      share.close();
    }
  }

  /** Called after a restore: the share and this machine now agree. */
  resolved(): void {
    this.update({ conflict: null, state: 'ok', lastError: null });
    this.schedule(this.options.intervalMs);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runNow(), delayMs);
    this.timer.unref();
    this.update({ nextRun: new Date(Date.now() + delayMs).toISOString() });
  }

  private update(patch: Partial<BackupStatus>): void {
    this.status = { ...this.status, ...patch };
    this.options.onStatus(this.getStatus());
  }

  private share(): Share {
    return new Share(this.options.target!, { timeoutMs: this.options.timeoutMs, launch: this.options.launchChild });
  }

  private async run(): Promise<BackupStatus> {
    const share = this.share();
    this.update({ state: 'running', lastAttempt: new Date().toISOString() });
    try {
      const published = await this.backup(share);
      this.failures = 0;
      this.update({
        state: 'ok',
        lastError: null,
        conflict: null,
        lastSuccess: new Date().toISOString(),
        ...published,
      });
      this.schedule(this.options.intervalMs);
    } catch (error) {
      this.failures++;
      const retryMs = Math.min(this.options.intervalMs, FIRST_RETRY_MS * 2 ** (this.failures - 1));
      const offline = error instanceof ShareError && error.offline;
      this.update({ state: offline ? 'offline' : 'error', lastError: (error as Error).message });
      this.schedule(retryMs);
    } finally {
      share.close();
    }
    return this.getStatus();
  }

  private async backup(share: Share): Promise<Pick<BackupStatus, 'sizeBytes' | 'generations'>> {
    const { dataDir, target } = this.options;
    const state = await readBackupState(dataDir, target!);
    state.marker = await share.verify(state.marker);
    await this.saveState(state);
    const { manifest } = await share.readManifest();
    const { db, store, traffic } = this.options.sources();
    const newest = manifest.generations[0];

    let result = { sizeBytes: newest?.size ?? null, generations: manifest.generations.length };
    if (!newest || newest.lineage !== store.lineage() || newest.changes !== store.changeCounter()) {
      const generation = await this.publish(
        share,
        db,
        'bench',
        (info) => `bench-${stamp(info.time)}-c${info.changes}.db`,
      );
      manifest.generations = await this.keep(
        share,
        manifest,
        [generation, ...manifest.generations],
        this.options.generations,
        'generations',
      );
      state.synced = { lineage: generation.lineage, changes: generation.changes };
      result = { sizeBytes: generation.size, generations: manifest.generations.length };
    }
    if (traffic) await this.backupTraffic(share, manifest, traffic, state);
    await this.saveState(state);
    await share.cleanPartials(this.options.partialMaxAgeMs);
    return result;
  }

  private async saveState(state: BackupState): Promise<void> {
    await writeBackupState(this.options.dataDir, state).catch((error: unknown) => {
      throw localFailure(error, this.options.dataDir);
    });
  }

  private async backupTraffic(share: Share, manifest: Manifest, traffic: Db, state: BackupState): Promise<void> {
    const maxId = (traffic.prepare('SELECT coalesce(max(id), 0) AS m FROM traffic').get() as { m: number }).m;
    const last = state.traffic;
    const due = !last || Date.now() - Date.parse(last.time) >= (this.options.trafficIntervalMs ?? 3_600_000);
    if (!due || last?.maxId === maxId) return;
    const generation = await this.publish(share, traffic, 'traffic', (info) => `traffic-${stamp(info.time)}.db`);
    manifest.traffic = await this.keep(
      share,
      manifest,
      [generation, ...(manifest.traffic ?? [])],
      TRAFFIC_GENERATIONS,
      'traffic',
    );
    state.traffic = { maxId: generation.changes, time: generation.time };
  }

  /**
   * Snapshot (VACUUM INTO, on a worker thread) → quick_check → publish under a temporary name →
   * rename. The name comes from what the snapshot holds. Staging files never outlive the run.
   */
  private async publish(
    share: Share,
    db: Db,
    kind: GenerationKind,
    name: (info: { changes: number; time: string }) => string,
  ): Promise<Generation> {
    const { dataDir, appVersion } = this.options;
    await this.removeStaging();
    const staging = path.join(dataDir, `${STAGING}${randomUUID()}.db`);
    try {
      const time = new Date().toISOString();
      const info = await snapshot(db.name, staging, kind).catch((error: unknown) => {
        throw localFailure(error, dataDir);
      });
      const { size } = await fs.stat(staging);
      const file = name({ changes: info.changes, time });
      const sha256 = await share.publish(staging, file);
      return { file, time, sha256, size, ...info, host: os.hostname(), appVersion };
    } finally {
      await removeDatabaseFiles(staging);
    }
  }

  /** Removes staging files left by a run that was killed (the process ended mid-snapshot). */
  private async removeStaging(): Promise<void> {
    const names = await fs.readdir(this.options.dataDir);
    await Promise.all(
      names.filter((n) => n.startsWith(STAGING)).map((n) => fs.rm(path.join(this.options.dataDir, n), { force: true })),
    );
  }

  /**
   * Writes the manifest with `list` trimmed to `keep`, then deletes what fell off (never before).
   * Linear in the entries (a Set), which the child already capped and validated; the child deletes
   * only files the bench published (share-files.ts).
   */
  private async keep(
    share: Share,
    manifest: Manifest,
    list: Generation[],
    keep: number,
    key: 'generations' | 'traffic',
  ): Promise<Generation[]> {
    const seen = new Set<string>();
    const kept = list.filter((g) => {
      if (seen.has(g.file)) return false;
      seen.add(g.file);
      return true;
    });
    const pruned = kept.splice(keep);
    await share.writeManifest({ ...manifest, [key]: kept });
    // What the child refuses to delete (not a file the bench published) stays, unlisted.
    await share.remove(pruned.map((g) => g.file));
    return kept;
  }
}
