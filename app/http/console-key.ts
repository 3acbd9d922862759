/**
 * The console key of `serve`, kept in the data folder (`console-key.json`, owner-only, written
 * atomically with a last good copy) so that it survives a restart as the bearer token does. A new
 * key each run once stranded every open tab: restarting with `--trust-proxy`, as the README
 * advises, killed its session and its live updates without a word. Sessions are derived from the
 * key (console-sessions.ts), so they live exactly as long as it does: rotating it ends them all.
 *
 * `--console-key` wins for its run and is never written to disk.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { dataFile } from '../data-files';
import { readJsonFile, writeJsonFile } from '../fs/atomic-file';

const SAVED = z.object({ key: z.string().min(20) });

const newKey = () => randomBytes(18).toString('base64url');

export class ConsoleKey {
  private constructor(
    private readonly file: string | null,
    private value: string,
  ) {}

  /**
   * The key for this run: `given` when there is one, else the saved key, else a new one (saved).
   * A damaged file is replaced by a new key (`onWarning` says so): open tabs sign in again.
   */
  static load(dataDir: string, given: string | null, onWarning: (message: string) => void): ConsoleKey {
    const file = dataFile(dataDir, 'consoleKey');
    if (given !== null) return new ConsoleKey(file, given);
    const read = readJsonFile(file, (value) => SAVED.parse(value));
    if (read.state === 'ok' || read.state === 'recovered') {
      if (read.state === 'recovered') onWarning(read.warning);
      return new ConsoleKey(file, read.value.key);
    }
    if (read.state === 'damaged') onWarning(`${read.problem}; a new console key was made`);
    const key = new ConsoleKey(file, newKey());
    key.save();
    return key;
  }

  /** A key held in memory only (tests, and hosts that give one). */
  static fixed(value: string): ConsoleKey {
    return new ConsoleKey(null, value);
  }

  get current(): string {
    return this.value;
  }

  /** A new key, saved before it is used (a rotation that could not be saved changes nothing). Returns it. */
  rotate(): string {
    const next = newKey();
    if (this.file) writeJsonFile(this.file, { key: next });
    this.value = next;
    return next;
  }

  private save(): void {
    if (this.file) writeJsonFile(this.file, { key: this.value });
  }
}
