/**
 * The backup folder (typically an SMB share). Everything here assumes the share is slow and can
 * vanish: every operation has a timeout, files are published by rename, and a marker file proves the
 * folder is the one the user chose — an unmounted share's empty mount point is refused, not filled.
 */
import { randomUUID } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

export const MARKER = '.scim-bench-backup';
export const MANIFEST = 'manifest.json';

export interface Generation {
  file: string;
  time: string;
  sha256: string;
  size: number;
  changes: number;
  lineage: string;
  host: string;
  appVersion: string;
}

export interface Manifest {
  format: 1;
  generations: Generation[];
}

export class ShareError extends Error {
  constructor(
    message: string,
    readonly offline: boolean,
  ) {
    super(message);
  }
}

/** Rejects after `ms` so a hung share cannot hold a backup forever. */
export async function withTimeout<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ShareError(`${what} did not finish within ${ms / 1000} s — the share may be offline`, true)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Turns an fs error into words a person can act on. */
export function explain(error: unknown, dir: string): ShareError {
  if (error instanceof ShareError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new ShareError(`The backup folder ${dir} does not exist (is the share mounted?)`, true);
    case 'EACCES':
    case 'EPERM':
      return new ShareError(`No permission to write to ${dir}`, false);
    case 'ENOSPC':
      return new ShareError(`The backup share ${dir} is full`, false);
    case 'EIO':
    case 'ENOTCONN':
    case 'EHOSTDOWN':
    case 'ETIMEDOUT':
      return new ShareError(`The backup share ${dir} stopped answering (${code})`, true);
    default:
      return new ShareError(`Backup to ${dir} failed: ${(error as Error).message}`, false);
  }
}

export class Share {
  constructor(
    readonly dir: string,
    private readonly timeoutMs: number,
  ) {}

  private run<T>(what: string, work: () => Promise<T>): Promise<T> {
    return withTimeout(what, this.timeoutMs, work()).catch((error: unknown) => {
      throw explain(error, this.dir);
    });
  }

  /**
   * Checks the folder is the chosen one. `known` is the marker id remembered locally (null on a
   * fresh machine). Returns the marker id to remember.
   */
  verify(known: string | null): Promise<string> {
    return this.run('Checking the backup folder', async () => {
      await fs.access(this.dir, constants.W_OK);
      const markerFile = path.join(this.dir, MARKER);
      const existing = await fs.readFile(markerFile, 'utf8').then(
        (t) => t.trim(),
        () => null,
      );
      if (existing) return existing;
      if (known)
        throw new ShareError(
          `${this.dir} is not the backup folder SCIM Bench was given (its marker file is missing — is the share mounted?)`,
          true,
        );
      const id = randomUUID();
      await fs.writeFile(markerFile, id + '\n');
      return id;
    });
  }

  readManifest(): Promise<Manifest> {
    return this.run('Reading the backup manifest', async () => {
      const text = await fs.readFile(path.join(this.dir, MANIFEST), 'utf8').catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null;
        throw e;
      });
      if (!text) return { format: 1, generations: [] };
      const parsed = JSON.parse(text) as Manifest;
      return { format: 1, generations: Array.isArray(parsed.generations) ? parsed.generations : [] };
    });
  }

  /** Copies a local file to the share under a temporary name, flushes it, then renames it into place. */
  publish(localFile: string, name: string): Promise<void> {
    return this.run(`Copying ${name} to the share`, async () => {
      const temp = path.join(this.dir, `.partial-${randomUUID()}`);
      try {
        await fs.copyFile(localFile, temp);
        const handle = await fs.open(temp, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.rename(temp, path.join(this.dir, name));
      } catch (error) {
        await fs.rm(temp, { force: true }).catch(() => undefined);
        throw error;
      }
    });
  }

  writeManifest(manifest: Manifest): Promise<void> {
    return this.run('Writing the backup manifest', async () => {
      const temp = path.join(this.dir, `.partial-${randomUUID()}`);
      await fs.writeFile(temp, JSON.stringify(manifest, null, 2));
      await fs.rename(temp, path.join(this.dir, MANIFEST));
    });
  }

  remove(name: string): Promise<void> {
    return this.run(`Removing ${name}`, () => fs.rm(path.join(this.dir, name), { force: true }));
  }

  fetch(name: string, localFile: string): Promise<void> {
    return this.run(`Copying ${name} from the share`, () => fs.copyFile(path.join(this.dir, name), localFile));
  }
}
