/**
 * Small files the bench cannot afford to lose half of (`credentials.json`, `settings.json`).
 *
 * Threat model: a crash, a power cut or a full disk in the middle of a write. Written in place, a
 * file is left torn — and a torn credentials file stopped the start, a torn settings file silently
 * turned backups off. So a file is written whole to a temporary name beside it, flushed to disk,
 * and renamed over the old one (atomic on POSIX and NTFS), and the folder is flushed so the rename
 * itself survives. Every write also refreshes a last good copy (`<name>.last-good`), which reading
 * falls back to, with a warning that names the file, when the file itself cannot be parsed.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE, makePrivate } from './private-mode';

export const lastGoodCopy = (file: string) => `${file}.last-good`;

/** Writes `data` to `file` via temp + fsync + rename (+ a folder fsync where the OS allows one). */
export function writeFileAtomic(file: string, data: string, mode = PRIVATE_FILE_MODE): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  try {
    const bytes = Buffer.from(data, 'utf8');
    for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, file);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncFolder(path.dirname(file));
}

/** Flushes a folder's entries (the rename); Windows cannot open a folder for this, and needs not. */
function syncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EISDIR/EINVAL/EPERM on file systems that do not sync folders: nothing more can be done.
  } finally {
    closeSync(fd);
  }
}

/** Writes the file and then its last good copy, both atomically. */
export function writeJsonFile(file: string, value: unknown): void {
  const text = JSON.stringify(value, null, 2);
  writeFileAtomic(file, text);
  writeFileAtomic(lastGoodCopy(file), text);
}

export type JsonRead<T> =
  | { state: 'missing' }
  | { state: 'ok'; value: T }
  /** The file is damaged; its last good copy was read instead. `warning` says so, naming both. */
  | { state: 'recovered'; value: T; warning: string }
  /** The file is damaged and there is no usable last good copy. `problem` names the file. */
  | { state: 'damaged'; problem: string };

/**
 * Reads a JSON file that `writeJsonFile` wrote. `parse` validates the shape and throws on anything
 * else. A damaged file is kept (renamed `<name>.damaged-<time>`) for inspection, never overwritten
 * silently; when its last good copy is read instead, the copy is put back in its place.
 */
export function readJsonFile<T>(file: string, parse: (value: unknown) => T): JsonRead<T> {
  if (!existsSync(file)) return { state: 'missing' };
  const read = (name: string): T => parse(JSON.parse(readFileSync(name, 'utf8')));
  let problem: string;
  try {
    const value = read(file);
    makePrivate(file); // written by an older bench with the default 0644
    refreshLastGood(file);
    return { state: 'ok', value };
  } catch (error) {
    problem = `${file} cannot be read (${(error as Error).message})`;
  }
  const copy = lastGoodCopy(file);
  let value: T;
  try {
    value = read(copy);
  } catch {
    return { state: 'damaged', problem: `${problem}, and there is no usable last good copy (${copy})` };
  }
  const damaged = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, damaged);
  writeFileAtomic(file, readFileSync(copy, 'utf8'));
  return {
    state: 'recovered',
    value,
    warning: `${problem}; SCIM Bench used its last good copy (${copy}) and kept the damaged file as ${damaged}`,
  };
}

/** A file written before last good copies existed gets one now (only while it reads well). */
function refreshLastGood(file: string): void {
  const copy = lastGoodCopy(file);
  const text = readFileSync(file, 'utf8');
  if (!existsSync(copy) || readFileSync(copy, 'utf8') !== text) writeFileAtomic(copy, text);
}
