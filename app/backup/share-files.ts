/**
 * The file operations on the backup share, run in the share child process (share.child.ts). The
 * share's contents are untrusted (docs/security.md), so:
 * - a name from the manifest is data, not a path: it must be a plain generation name of the
 *   bench's own pattern, and resolve to a direct child of the share folder;
 * - links and special files are refused (lstat, then the opened descriptor is checked to be that
 *   same regular file), so nothing is read, copied or deleted outside the share;
 * - every copy from the share stops at the size the manifest recorded (a growing file or a device
 *   cannot fill the local disk), after checking the local disk has room for it;
 * - only files that look like what the bench published (name, regular file, SQLite header) are
 *   ever deleted.
 * Synchronous on purpose: the child does one thing at a time and is killed when it hangs.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  MANIFEST,
  MARKER,
  MAX_MANIFEST_BYTES,
  PARTIAL_FILE,
  generationKind,
  parseManifest,
  serializeManifest,
  type ManifestRead,
} from './manifest';
import type { ShareOps } from './share-protocol';

/** An error with a code the engine turns into words (share.ts → explain). */
export class ShareFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** True when it happened writing to this machine's disk. */
    readonly local = false,
  ) {
    super(message);
  }
}

const CHUNK = 4 << 20;
const MAX_MARKER_BYTES = 128;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0; // not on Windows, where lstat and the fstat check remain

function describe(stats: fs.Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The path of a generation file: only a name of the bench's pattern, only directly in `dir`. */
function generationPath(dir: string, name: string): string {
  if (!generationKind(name)) throw new ShareFileError('ENAME', `${name.slice(0, 200)} is not a generation name`);
  return childPath(dir, name);
}

/** Joins without normalising (keeps `\\server\share` intact), after checking `name` stays in `dir`. */
function childPath(dir: string, name: string): string {
  if (path.dirname(path.resolve(dir, name)) !== path.resolve(dir) || name !== path.basename(name))
    throw new ShareFileError('ENAME', `${name.slice(0, 200)} is not a plain file name in the share`);
  return path.join(dir, name);
}

/** Opens a regular file for reading, refusing links and special files; null when it does not exist. */
function openRegular(file: string, label: string): { fd: number; size: number } | null {
  let before: fs.Stats;
  try {
    before = fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!before.isFile()) throw new ShareFileError('ENOTREG', `${label} is ${describe(before)}, not a regular file`);
  const fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW);
  const after = fs.fstatSync(fd);
  if (!after.isFile() || after.ino !== before.ino || after.dev !== before.dev) {
    fs.closeSync(fd);
    throw new ShareFileError('ENOTREG', `${label} changed while it was opened; refused`);
  }
  return { fd, size: after.size };
}

/** Reads at most `limit` bytes; `more` tells whether the file goes on past them. */
function readAtMost(fd: number, limit: number): { data: Buffer; more: boolean } {
  const data = Buffer.alloc(limit + 1);
  let length = 0;
  let n: number;
  while (length < data.length && (n = fs.readSync(fd, data, length, data.length - length, null)) > 0) length += n;
  return { data: data.subarray(0, Math.min(length, limit)), more: length > limit };
}

function writeAll(fd: number, buffer: Buffer, length: number): void {
  let written = 0;
  while (written < length) written += fs.writeSync(fd, buffer, written, length - written);
}

/**
 * Copies at most `limit` bytes (a plain read/write loop: FUSE mounts such as smbnetfs fail
 * copy_file_range and sendfile with EIO). Fails when the source holds more. Returns the SHA-256.
 */
function copyBounded(input: number, dest: string, limit: number, label: string, destIsLocal: boolean): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK);
  // A local copy is this machine's data (0600); on the share, the share's own permissions apply.
  const output = localWrite(destIsLocal, dest, () => fs.openSync(dest, 'w', destIsLocal ? 0o600 : 0o666));
  try {
    let copied = 0;
    for (;;) {
      const n = fs.readSync(input, buffer, 0, Math.min(CHUNK, limit - copied + 1), null);
      if (n === 0) break;
      if (copied + n > limit)
        throw new ShareFileError(
          'ETOOBIG',
          `${label} is larger than the ${limit} bytes ${destIsLocal ? 'the manifest records' : 'it had'}; refused`,
        );
      hash.update(buffer.subarray(0, n));
      localWrite(destIsLocal, dest, () => writeAll(output, buffer, n));
      copied += n;
    }
    if (destIsLocal) localWrite(true, dest, () => fs.fsyncSync(output));
  } finally {
    fs.closeSync(output);
  }
  return hash.digest('hex');
}

/** Runs a write to `dest`; when `dest` is on this machine, its errors are marked local. */
function localWrite<T>(isLocal: boolean, dest: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (!isLocal) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new ShareFileError(code, `writing ${dest}: ${(error as Error).message}`, true);
  }
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes under a temporary name, flushes, renames into place: readers see the old file or the new one. */
function publishAtomically(dir: string, name: string, write: (temp: string) => void): void {
  const temp = path.join(dir, `.partial-${randomUUID()}`);
  try {
    write(temp);
    syncFile(temp);
    fs.renameSync(temp, childPath(dir, name));
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

function readMarker(dir: string): string | null {
  const opened = openRegular(path.join(dir, MARKER), MARKER);
  if (!opened) return null;
  try {
    const { data, more } = readAtMost(opened.fd, MAX_MARKER_BYTES);
    const id = data.toString('utf8').trim();
    if (more || !/^[0-9a-f-]{8,64}$/.test(id))
      throw new ShareFileError('EMARKERDAMAGED', `${MARKER} in ${dir} is not a marker SCIM Bench wrote`);
    return id;
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** A new marker with a random id; `wx`, so never through a planted link or over another marker. */
function writeMarker(dir: string): string {
  const id = randomUUID();
  fs.writeFileSync(path.join(dir, MARKER), `${id}\n`, { flag: 'wx' });
  return id;
}

function readManifest(dir: string): ManifestRead {
  const opened = openRegular(path.join(dir, MANIFEST), MANIFEST);
  if (!opened) return { manifest: { format: 1, generations: [] }, ignored: [] };
  try {
    if (opened.size > MAX_MANIFEST_BYTES)
      throw new ShareFileError(
        'EMANIFEST',
        `${MANIFEST} is ${opened.size} bytes, larger than the ${MAX_MANIFEST_BYTES} SCIM Bench ever writes; fix or remove it`,
      );
    const { data, more } = readAtMost(opened.fd, MAX_MANIFEST_BYTES);
    if (more) throw new ShareFileError('EMANIFEST', `${MANIFEST} grew larger than ${MAX_MANIFEST_BYTES} bytes`);
    return parseManifest(data.toString('utf8'));
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** The name of the file `inspect` writes and removes to learn whether a folder is writable. */
const PROBE = '.scim-bench-probe-';

/** Whether a missing folder could be created in `parent`. */
function parentState(parent: string): 'missing' | 'not-folder' | 'read-only' | 'writable' {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(parent);
  } catch {
    return 'missing';
  }
  if (!stats.isDirectory()) return 'not-folder';
  return probeWrite(parent) === null ? 'writable' : 'read-only';
}

/**
 * Writes and removes a probe file: null when that worked, else the error code. access() says
 * little on SMB and FUSE mounts (and nothing for root), so the folder is asked for real.
 */
function probeWrite(dir: string): string | null {
  const probe = path.join(dir, `${PROBE}${randomUUID()}`);
  try {
    fs.writeFileSync(probe, '', { flag: 'wx' });
    fs.unlinkSync(probe);
    return null;
  } catch (error) {
    fs.rmSync(probe, { force: true });
    return (error as NodeJS.ErrnoException).code ?? 'EIO';
  }
}

/** Fails (as a local error) when the folder holding `dest` has less room than `bytes` plus a margin. */
function checkLocalRoom(dest: string, bytes: number): void {
  const stats = fs.statfsSync(path.dirname(dest));
  const free = stats.bavail * stats.bsize;
  const needed = 2 * bytes + (16 << 20); // the fetched copy and the database its rows go into
  if (free < needed)
    throw new ShareFileError(
      'ENOSPC',
      `${path.dirname(dest)} has ${megabytes(free)} free; restoring needs ${megabytes(needed)}`,
      true,
    );
}
const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The operations, by name, as the child runs them. */
export const shareFiles: { [K in keyof ShareOps]: (args: ShareOps[K]['args']) => ShareOps[K]['result'] } = {
  verify({ dir, known }) {
    fs.accessSync(dir, fs.constants.W_OK);
    const existing = readMarker(dir);
    if (existing) return existing;
    if (known) throw new ShareFileError('EMARKER', 'marker missing');
    return writeMarker(dir);
  },

  readMarker({ dir }) {
    fs.accessSync(dir);
    const id = readMarker(dir);
    if (!id) throw new ShareFileError('EMARKER', 'marker missing');
    return id;
  },

  inspect({ dir }) {
    let stats: fs.Stats;
    try {
      stats = fs.statSync(dir);
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error; // ENOTDIR: a file on the way
      return { kind: 'missing', parent: parentState(path.dirname(dir)) };
    }
    if (!stats.isDirectory()) return { kind: 'not-folder' };
    let marker: string | null = null;
    let markerDamaged = false;
    try {
      marker = readMarker(dir);
    } catch (error) {
      if (!(error instanceof ShareFileError)) throw error;
      markerDamaged = true;
    }
    let generations: number | null = null;
    try {
      const { manifest } = readManifest(dir);
      generations = fs.existsSync(path.join(dir, MANIFEST)) ? manifest.generations.length : null;
    } catch {
      generations = null; // reported when a backup runs; the verdict needs only the count
    }
    const entries = fs.readdirSync(dir).filter((n) => n !== MARKER && !n.startsWith(PROBE)).length;
    const writeError = probeWrite(dir);
    return { kind: 'folder', writable: writeError === null, writeError, marker, markerDamaged, generations, entries };
  },

  createFolder({ dir }) {
    fs.mkdirSync(dir); // not recursive: the parent must be there
    return null;
  },

  newMarker({ dir }) {
    if (!fs.statSync(dir).isDirectory()) throw new ShareFileError('ENOTDIR', `${dir} is not a folder`);
    if (readMarker(dir)) throw new ShareFileError('EMARKEREXISTS', `${dir} already holds a marker`);
    return writeMarker(dir);
  },

  readManifest: ({ dir }) => readManifest(dir),

  writeManifest({ dir, manifest }) {
    const text = serializeManifest(manifest);
    publishAtomically(dir, MANIFEST, (temp) => fs.writeFileSync(temp, text, { flag: 'wx' }));
    return null;
  },

  publish({ src, dir, name }) {
    generationPath(dir, name);
    let sha256 = '';
    const input = fs.openSync(src, 'r');
    try {
      const { size } = fs.fstatSync(input);
      publishAtomically(dir, name, (temp) => {
        sha256 = copyBounded(input, temp, size, src, false);
      });
    } finally {
      fs.closeSync(input);
    }
    return sha256;
  },

  fetch({ dir, name, size, dest }) {
    const file = generationPath(dir, name);
    const opened = openRegular(file, name);
    if (!opened) throw new ShareFileError('ENOFILE', `${name} is listed in the manifest but not in the share`);
    try {
      checkLocalRoom(dest, size);
      return copyBounded(opened.fd, dest, size, name, true);
    } finally {
      fs.closeSync(opened.fd);
    }
  },

  remove({ dir, names }) {
    const removed: string[] = [];
    const refused: { file: string; reason: string }[] = [];
    for (const name of names) {
      try {
        const file = generationPath(dir, name);
        const opened = openRegular(file, name);
        if (!opened) continue; // already gone
        let header: Buffer;
        try {
          header = readAtMost(opened.fd, SQLITE_HEADER.length).data;
        } finally {
          fs.closeSync(opened.fd);
        }
        if (!header.equals(SQLITE_HEADER)) throw new ShareFileError('ENOTDB', `${name} is not a SQLite database`);
        fs.unlinkSync(file);
        removed.push(name);
      } catch (error) {
        refused.push({ file: name.slice(0, 200), reason: `not deleted: ${(error as Error).message}` });
      }
    }
    return { removed, refused };
  },

  cleanPartials({ dir, olderThanMs }) {
    let removed = 0;
    for (const name of fs.readdirSync(dir)) {
      if (!PARTIAL_FILE.test(name)) continue;
      const file = path.join(dir, name);
      const stats = fs.lstatSync(file);
      if (stats.isFile() && Date.now() - stats.mtimeMs > olderThanMs) {
        fs.unlinkSync(file);
        removed++;
      }
    }
    return removed;
  },
};
