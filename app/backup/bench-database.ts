/**
 * The provisioning database as the engine holds it: one open handle, and the swap a restore makes
 * with its rollback. The current file is set aside (never deleted), the verified generation put in
 * its place and opened; when that cannot be done the old file is put back and reopened, so a failed
 * restore leaves the bench serving exactly what it had.
 */
import { rename } from 'node:fs/promises';
import { openDatabase, type Db } from '../store/database';
import { BENCH_MIGRATIONS } from '../store/migrations';
import { putBack, setAside } from './restore';

export class BenchDatabase {
  private handle: Db;
  /** Bumped at each swap: what was built on the old handle (stores, services) is rebuilt. */
  private swaps = 0;

  constructor(readonly file: string) {
    this.handle = openDatabase(file, { migrations: BENCH_MIGRATIONS });
  }

  get db(): Db {
    return this.handle;
  }

  /** Changes whenever the handle is replaced. */
  get generation(): number {
    return this.swaps;
  }

  /**
   * Puts `incoming` (a verified, migrated database file) in place of the current one and answers
   * where the current one was set aside.
   */
  async swapIn(incoming: string): Promise<string> {
    this.handle.close();
    try {
      const aside = await setAside(this.file, 'before-restore');
      await rename(incoming, this.file).catch(async (error: unknown) => {
        await putBack(aside, this.file); // never leave the bench without its data
        throw error;
      });
      return aside;
    } finally {
      // Whatever is in place now, the new generation or the old file put back, serves on.
      this.handle = openDatabase(this.file, { migrations: BENCH_MIGRATIONS });
      this.swaps++;
    }
  }

  close(): void {
    if (this.handle.open) this.handle.close();
  }
}
