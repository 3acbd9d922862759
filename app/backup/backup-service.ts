/**
 * Periodic backups to the chosen folder, kept as N verified generations listed in a manifest. A
 * failed run never replaces or removes a good generation, and never stops the SCIM endpoint:
 * snapshots use SQLite's online backup API and share I/O runs in a killable child process.
 * The traffic history is backed up too, but at most hourly, as its own two generations.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupStatus } from '../../shared/types';
import type { Db } from '../store/database';
import type { ResourceStore } from '../store/resource-store';
import { readBackupState, writeBackupState, type BackupState } from './backup-state';
import { Share, ShareError, type Generation, type Manifest } from './share';
import { snapshot } from './snapshot';

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
  onStatus(status: BackupStatus): void;
}

const FIRST_RETRY_MS = 10_000;
const TRAFFIC_GENERATIONS = 2;

const stamp = (time: string) => time.replace(/[-:]/g, '').replace(/\..*$/, '');

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
    const share = new Share(this.options.target, this.options.timeoutMs);
    try {
      return (await share.readManifest()).generations;
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

  private async run(): Promise<BackupStatus> {
    const share = new Share(this.options.target!, this.options.timeoutMs);
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
    await writeBackupState(dataDir, state);
    const manifest = await share.readManifest();
    const { db, store, traffic } = this.options.sources();
    const changes = store.changeCounter();
    const lineage = store.lineage();
    const newest = manifest.generations[0];

    let result = { sizeBytes: newest?.size ?? null, generations: manifest.generations.length };
    if (!newest || newest.lineage !== lineage || newest.changes !== changes) {
      const generation = await this.publish(share, db, `bench-${stamp(new Date().toISOString())}-c${changes}.db`, {
        changes,
        lineage,
      });
      manifest.generations = await this.keep(
        share,
        manifest,
        [generation, ...manifest.generations],
        this.options.generations,
        'generations',
      );
      state.synced = { lineage, changes };
      result = { sizeBytes: generation.size, generations: manifest.generations.length };
    }
    if (traffic) await this.backupTraffic(share, manifest, traffic, state);
    await writeBackupState(dataDir, state);
    await share.cleanPartials(this.options.partialMaxAgeMs);
    return result;
  }

  private async backupTraffic(share: Share, manifest: Manifest, traffic: Db, state: BackupState): Promise<void> {
    const maxId = (traffic.prepare('SELECT coalesce(max(id), 0) AS m FROM traffic').get() as { m: number }).m;
    const last = state.traffic;
    const due = !last || Date.now() - Date.parse(last.time) >= (this.options.trafficIntervalMs ?? 3_600_000);
    if (!due || last?.maxId === maxId) return;
    const time = new Date().toISOString();
    const generation = await this.publish(share, traffic, `traffic-${stamp(time)}.db`, {
      changes: maxId,
      lineage: 'traffic',
    });
    manifest.traffic = await this.keep(
      share,
      manifest,
      [generation, ...(manifest.traffic ?? [])],
      TRAFFIC_GENERATIONS,
      'traffic',
    );
    state.traffic = { maxId, time };
  }

  /** Snapshot → verify → publish under a temporary name → rename. Returns the generation record. */
  private async publish(
    share: Share,
    db: Db,
    file: string,
    id: { changes: number; lineage: string },
  ): Promise<Generation> {
    const staging = path.join(this.options.dataDir, `backup-staging-${file}`);
    await fs.rm(staging, { force: true });
    try {
      await snapshot(db, staging);
      const { size } = await fs.stat(staging);
      const sha256 = await share.publish(staging, file);
      return {
        file,
        time: new Date().toISOString(),
        sha256,
        size,
        ...id,
        host: os.hostname(),
        appVersion: this.options.appVersion,
      };
    } finally {
      await fs.rm(staging, { force: true });
    }
  }

  /** Writes the manifest with `list` trimmed to `keep`, then deletes what fell off (never before). */
  private async keep(
    share: Share,
    manifest: Manifest,
    list: Generation[],
    keep: number,
    key: 'generations' | 'traffic',
  ): Promise<Generation[]> {
    const kept = list.filter((g, i) => list.findIndex((o) => o.file === g.file) === i);
    const pruned = kept.splice(keep);
    await share.writeManifest({ ...manifest, [key]: kept });
    for (const old of pruned) await share.remove(old.file);
    return kept;
  }
}
