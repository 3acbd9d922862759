/**
 * The backup folder (typically an SMB share). Everything here assumes the share is slow, can
 * vanish, and holds whatever anyone with write access put there: every operation runs in a
 * killable child process with a timeout (share-process.ts), files are published by rename, a
 * marker file proves the folder is the one the user chose (an unmounted share's empty mount point
 * is refused, not filled, and never restored from), and names from the manifest are checked in
 * the child before they touch the file system (share-files.ts).
 */
import type { ChildLauncher } from './child-launcher';
import type { Generation, Manifest, ManifestRead, Skipped } from './manifest';
import type { FolderFacts, ShareOp, ShareOps } from './share-protocol';
import { ShareProcess } from './share-process';

export { MANIFEST, MARKER, type Generation, type Manifest } from './manifest';

export class ShareError extends Error {
  constructor(
    message: string,
    readonly offline: boolean,
  ) {
    super(message);
  }
}

/** Turns an error from the share child into words a person can act on. */
export function explain(error: unknown, dir: string): ShareError {
  if (error instanceof ShareError) return error;
  const { code, message } = error as { code?: string; message: string };
  if ((error as { local?: boolean }).local)
    return new ShareError(
      code === 'ENOSPC' || code === 'EDQUOT'
        ? `The local disk is full (nothing on the backup share was changed): ${message}`
        : `Writing to this machine's disk failed: ${message}`,
      false,
    );
  switch (code) {
    case 'ENOENT':
      return new ShareError(`The backup folder ${dir} does not exist (is the share mounted?)`, true);
    case 'EMARKER':
      return new ShareError(
        `${dir} is not the backup folder SCIM Bench was given (its marker file is missing — is the share mounted?)`,
        true,
      );
    case 'EMARKEREXISTS':
      return new ShareError(`${dir} holds its marker: it needs no new backup set`, false);
    case 'ENOTDIR':
      return new ShareError(`${dir} is not a folder`, false);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new ShareError(`No permission to write to ${dir}`, false);
    case 'ENOSPC':
    case 'EDQUOT':
      return new ShareError(`The backup share ${dir} is full`, false);
    case 'ETIMEDOUT':
      return new ShareError(`The backup share ${dir} stopped answering: ${message}`, true);
    case 'EIO':
    case 'ENOTCONN':
    case 'EHOSTDOWN':
    case 'ECONNABORTED':
    case 'ECONNRESET':
      return new ShareError(`The backup share ${dir} is not reachable (${code})`, true);
    case 'EMANIFEST':
    case 'ENAME':
    case 'ENOTREG':
    case 'ETOOBIG':
    case 'ENOFILE':
    case 'EMARKERDAMAGED':
      return new ShareError(`${message} (in ${dir})`, false);
    default:
      return new ShareError(`Backup to ${dir} failed: ${message}`, false);
  }
}

export interface ShareOptions {
  timeoutMs: number;
  /** How the share child is started (Electron passes utilityProcess; default child_process.fork). */
  launch?: ChildLauncher | undefined;
}

export class Share {
  private readonly process: ShareProcess;
  private readonly timeoutMs: number;

  constructor(
    readonly dir: string,
    { timeoutMs, launch }: ShareOptions,
  ) {
    this.timeoutMs = timeoutMs;
    this.process = new ShareProcess(launch);
  }

  private async run<K extends ShareOp>(op: K, args: ShareOps[K]['args']): Promise<ShareOps[K]['result']> {
    try {
      return await this.process.call(op, args, this.timeoutMs);
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

  /** Fails unless the folder holds a marker: nothing is restored from a folder the bench never marked. */
  async requireMarker(): Promise<void> {
    await this.run('readMarker', { dir: this.dir });
  }

  /** What the folder is (exists, writable, its marker, how many generations), for `backup:check-folder`. */
  inspect(): Promise<FolderFacts> {
    return this.run('inspect', { dir: this.dir });
  }

  /** Creates the folder; its parent must exist. */
  async createFolder(): Promise<void> {
    await this.run('createFolder', { dir: this.dir });
  }

  /** Writes a new marker in a folder that has none: a new backup set. Answers its id. */
  newMarker(): Promise<string> {
    return this.run('newMarker', { dir: this.dir });
  }

  /** The manifest, validated in the child; `ignored` lists entries that failed its schema. */
  readManifest(): Promise<ManifestRead> {
    return this.run('readManifest', { dir: this.dir });
  }

  writeManifest(manifest: Manifest): Promise<void> {
    return this.run('writeManifest', { dir: this.dir, manifest }).then(() => undefined);
  }

  /**
   * Copies a local file to the share under a temporary name, flushes it, then renames it into
   * place. Resolves with the SHA-256 of what was written.
   */
  publish(localFile: string, name: string): Promise<string> {
    return this.run('publish', { src: localFile, dir: this.dir, name });
  }

  /** Deletes generations the bench published; refuses (and reports) anything else. */
  remove(names: string[]): Promise<{ removed: string[]; refused: Skipped[] }> {
    if (!names.length) return Promise.resolve({ removed: [], refused: [] });
    return this.run('remove', { dir: this.dir, names });
  }

  /** Copies a listed generation from the share, at most its recorded size; resolves with its SHA-256. */
  fetch(generation: Generation, localFile: string): Promise<string> {
    return this.run('fetch', { dir: this.dir, name: generation.file, size: generation.size, dest: localFile });
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
