/**
 * The backup folder (typically an SMB share). Everything here assumes the share is slow and can
 * vanish: every operation runs in a killable child process with a timeout, files are published by
 * rename, and a marker file proves the folder is the one the user chose — an unmounted share's
 * empty mount point is refused, not filled. Paths are joined, never normalised, so Windows UNC
 * paths (\\server\share\folder) keep their prefix.
 */
import path from 'node:path';
import { ShareProcess, type ShareOp } from './share-process';

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
  /** The traffic history, backed up less often (see docs/backup.md). */
  traffic?: Generation[];
}

export class ShareError extends Error {
  constructor(
    message: string,
    readonly offline: boolean,
  ) {
    super(message);
  }
}

/** Turns an fs error into words a person can act on. */
export function explain(error: unknown, dir: string): ShareError {
  if (error instanceof ShareError) return error;
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return new ShareError(`The backup folder ${dir} does not exist (is the share mounted?)`, true);
    case 'EMARKER':
      return new ShareError(
        `${dir} is not the backup folder SCIM Bench was given (its marker file is missing — is the share mounted?)`,
        true,
      );
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new ShareError(`No permission to write to ${dir}`, false);
    case 'ENOSPC':
    case 'EDQUOT':
      return new ShareError(`The backup share ${dir} is full`, false);
    case 'ETIMEDOUT':
      return new ShareError(`The backup share ${dir} stopped answering: ${(error as Error).message}`, true);
    case 'EIO':
    case 'ENOTCONN':
    case 'EHOSTDOWN':
    case 'ECONNABORTED':
    case 'ECONNRESET':
      return new ShareError(`The backup share ${dir} is not reachable (${code})`, true);
    default:
      return new ShareError(`Backup to ${dir} failed: ${(error as Error).message}`, false);
  }
}

/** Joins without normalising (keeps `\\server\share` intact on Windows). */
const join = (dir: string, name: string) => path.join(dir, name);

export class Share {
  private readonly process = new ShareProcess();

  constructor(
    readonly dir: string,
    private readonly timeoutMs: number,
  ) {}

  private async run<T>(op: ShareOp, args: Record<string, unknown>): Promise<T> {
    try {
      return await this.process.call<T>(op, args, this.timeoutMs);
    } catch (error) {
      throw explain(error, this.dir);
    }
  }

  /**
   * Checks the folder is the chosen one. `known` is the marker id remembered locally (null on a
   * fresh machine, which adopts an existing marker). Returns the marker id to remember.
   */
  verify(known: string | null): Promise<string> {
    return this.run('verify', { dir: this.dir, known });
  }

  async readManifest(): Promise<Manifest> {
    const text = await this.run<string | null>('read', { file: join(this.dir, MANIFEST) });
    if (!text) return { format: 1, generations: [] };
    let parsed: Partial<Manifest>;
    try {
      parsed = JSON.parse(text) as Partial<Manifest>;
    } catch {
      throw new ShareError(`${MANIFEST} in ${this.dir} is damaged (not JSON); fix or remove it`, false);
    }
    return {
      format: 1,
      generations: Array.isArray(parsed.generations) ? parsed.generations : [],
      ...(Array.isArray(parsed.traffic) ? { traffic: parsed.traffic } : {}),
    };
  }

  /**
   * Copies a local file to the share under a temporary name, flushes it, then renames it into
   * place. Resolves with the SHA-256 of what was written.
   */
  publish(localFile: string, name: string): Promise<string> {
    return this.run('publishFile', { src: localFile, dir: this.dir, name });
  }

  writeManifest(manifest: Manifest): Promise<void> {
    return this.run('publishText', { dir: this.dir, name: MANIFEST, text: JSON.stringify(manifest, null, 2) });
  }

  remove(name: string): Promise<void> {
    return this.run('remove', { file: join(this.dir, name) });
  }

  /** Copies a file from the share; resolves with the SHA-256 of what was read. */
  fetch(name: string, localFile: string): Promise<string> {
    return this.run('fetch', { src: join(this.dir, name), dest: localFile });
  }

  /**
   * Removes temporary files left by interrupted copies (a share that went away mid-write cannot
   * be cleaned at the time). Only old ones: another machine may be writing to the same folder.
   */
  cleanPartials(olderThanMs = 3_600_000): Promise<number> {
    return this.run('cleanPartials', { dir: this.dir, olderThanMs });
  }

  /** Ends the child process; call when a backup or restore is done. */
  close(): void {
    this.process.close();
  }
}
