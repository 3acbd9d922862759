/**
 * Periodic backups of the provisioning database to the chosen folder, kept as N verified
 * generations listed in a manifest. A failed run never replaces or removes a good generation, and
 * never stops the SCIM endpoint: snapshots use SQLite's online backup API.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BackupStatus } from '../../shared/types';
import type { Db } from '../store/database';
import type { ResourceStore } from '../store/resource-store';
import { Share, ShareError, type Generation } from './share';
import { snapshot } from './snapshot';

export interface BackupOptions {
  dataDir: string;
  db: Db;
  store: ResourceStore;
  target: string | null;
  intervalMs: number;
  generations: number;
  timeoutMs: number;
  appVersion: string;
  onStatus(status: BackupStatus): void;
}

const STATE_FILE = 'backup-state.json';
const FIRST_RETRY_MS = 10_000;

export class BackupService {
  private status: BackupStatus;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BackupStatus> | null = null;
  private failures = 0;
  private stopped = false;

  constructor(private readonly options: BackupOptions) {
    this.status = {
      state: options.target ? 'idle' : 'disabled',
      target: options.target,
      intervalMs: options.intervalMs,
      lastSuccess: null,
      lastAttempt: null,
      lastError: null,
      nextRun: null,
      sizeBytes: null,
      generations: 0,
    };
  }

  getStatus(): BackupStatus {
    return { ...this.status };
  }

  start(): void {
    if (this.options.target) this.schedule(this.options.intervalMs);
  }

  /** Runs a backup now; concurrent callers share the run in progress. */
  runNow(): Promise<BackupStatus> {
    if (!this.options.target) return Promise.resolve(this.getStatus());
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the schedule and makes a last backup, waiting at most `waitMs`. */
  async stop(waitMs: number): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (!this.options.target) return;
    await Promise.race([this.runNow(), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
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
    const { target } = this.options;
    const share = new Share(target!, this.options.timeoutMs);
    this.update({ state: 'running', lastAttempt: new Date().toISOString() });
    try {
      const published = await this.backup(share);
      this.failures = 0;
      this.update({ state: 'ok', lastError: null, lastSuccess: new Date().toISOString(), ...published });
      this.schedule(this.options.intervalMs);
    } catch (error) {
      this.failures++;
      const retryMs = Math.min(this.options.intervalMs, FIRST_RETRY_MS * 2 ** (this.failures - 1));
      const offline = error instanceof ShareError && error.offline;
      this.update({ state: offline ? 'offline' : 'error', lastError: (error as Error).message });
      this.schedule(retryMs);
    }
    return this.getStatus();
  }

  private async backup(share: Share): Promise<Pick<BackupStatus, 'sizeBytes' | 'generations'>> {
    const marker = await share.verify(await this.readState());
    await this.writeState(marker);
    const manifest = await share.readManifest();
    const { store } = this.options;
    const changes = store.changeCounter();
    const lineage = store.lineage();
    const newest = manifest.generations[0];
    if (newest && newest.lineage === lineage && newest.changes === changes)
      return { sizeBytes: newest.size, generations: manifest.generations.length }; // nothing changed

    const staging = path.join(this.options.dataDir, 'backup-staging.db');
    await fs.rm(staging, { force: true });
    try {
      const { sha256 } = await snapshot(this.options.db, staging);
      const { size } = await fs.stat(staging);
      const time = new Date().toISOString();
      const file = `bench-${time.replace(/[-:]/g, '').replace(/\..*$/, '')}-c${changes}.db`;
      await share.publish(staging, file);
      const generation: Generation = {
        file,
        time,
        sha256,
        size,
        changes,
        lineage,
        host: os.hostname(),
        appVersion: this.options.appVersion,
      };
      const kept = [generation, ...manifest.generations.filter((g) => g.file !== file)];
      const pruned = kept.splice(this.options.generations);
      await share.writeManifest({ format: 1, generations: kept });
      for (const old of pruned) await share.remove(old.file); // only after the new manifest is published
      return { sizeBytes: size, generations: kept.length };
    } finally {
      await fs.rm(staging, { force: true });
    }
  }

  private async readState(): Promise<string | null> {
    try {
      const state = JSON.parse(await fs.readFile(path.join(this.options.dataDir, STATE_FILE), 'utf8')) as {
        target?: string;
        marker?: string;
      };
      return state.target === this.options.target ? (state.marker ?? null) : null;
    } catch {
      return null;
    }
  }

  private writeState(marker: string): Promise<void> {
    return fs.writeFile(
      path.join(this.options.dataDir, STATE_FILE),
      JSON.stringify({ target: this.options.target, marker }),
    );
  }
}
