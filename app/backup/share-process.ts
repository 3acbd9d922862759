/**
 * Share I/O in a child process. Node's file I/O shares a pool of four threads: a few calls stuck
 * on a dead SMB mount would stall every other file operation in the engine (console, logs, DNS).
 * Here a stuck call only blocks the child, which is killed when its timeout passes.
 *
 * The child's program is plain JavaScript in a string, run with `node -e` (or Electron as Node),
 * so it works the same from the TypeScript sources, the CLI bundle and the Electron bundle.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const WORKER_SOURCE = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const MARKER = '.scim-bench-backup';

// A plain read/write loop: FUSE mounts such as smbnetfs fail copy_file_range and sendfile with EIO,
// which fs.copyFileSync may use.
// Returns the SHA-256 of what was copied.
function copy(src, dest) {
  const hash = crypto.createHash('sha256');
  const input = fs.openSync(src, 'r');
  try {
    const output = fs.openSync(dest, 'w');
    try {
      const buffer = Buffer.allocUnsafe(4 << 20);
      let n;
      while ((n = fs.readSync(input, buffer, 0, buffer.length, null)) > 0) {
        hash.update(buffer.subarray(0, n));
        let written = 0;
        while (written < n) written += fs.writeSync(output, buffer, written, n - written);
      }
    } finally { fs.closeSync(output); }
  } finally { fs.closeSync(input); }
  return hash.digest('hex');
}
function syncFile(file) {
  const fd = fs.openSync(file, 'r+');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}
function publish(dir, name, write) {
  const temp = path.join(dir, '.partial-' + crypto.randomUUID());
  try {
    write(temp);
    syncFile(temp);
    fs.renameSync(temp, path.join(dir, name));
  } catch (error) {
    try { fs.rmSync(temp, { force: true }); } catch {}
    throw error;
  }
}
const ops = {
  verify({ dir, known }) {
    fs.accessSync(dir, fs.constants.W_OK);
    let existing = null;
    try { existing = fs.readFileSync(path.join(dir, MARKER), 'utf8').trim(); } catch (e) { if (e.code !== 'ENOENT') throw e; }
    if (existing) return existing;
    if (known) throw Object.assign(new Error('marker missing'), { code: 'EMARKER' });
    const id = crypto.randomUUID();
    fs.writeFileSync(path.join(dir, MARKER), id + '\n');
    return id;
  },
  read({ file }) {
    try { return fs.readFileSync(file, 'utf8'); } catch (e) { if (e.code === 'ENOENT') return null; throw e; }
  },
  publishFile({ src, dir, name }) { let sha256; publish(dir, name, (temp) => { sha256 = copy(src, temp); }); return sha256; },
  publishText({ dir, name, text }) { publish(dir, name, (temp) => fs.writeFileSync(temp, text)); return null; },
  remove({ file }) { fs.rmSync(file, { force: true }); return null; },
  fetch({ src, dest }) { return copy(src, dest); },
  cleanPartials({ dir, olderThanMs }) {
    let removed = 0;
    for (const name of fs.readdirSync(dir)) {
      if (!name.startsWith('.partial-')) continue;
      const file = path.join(dir, name);
      if (Date.now() - fs.statSync(file).mtimeMs > olderThanMs) { fs.rmSync(file, { force: true }); removed++; }
    }
    return removed;
  },
};
process.on('message', ({ id, op, args }) => {
  try {
    process.send({ id, value: ops[op](args) });
  } catch (error) {
    process.send({ id, error: { code: error.code || 'EUNKNOWN', message: String(error.message) } });
  }
});
process.on('disconnect', () => process.exit(0));
`;

export type ShareOp = 'verify' | 'read' | 'publishFile' | 'publishText' | 'remove' | 'fetch' | 'cleanPartials';

export class ShareOpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class ShareProcess {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** Runs one operation in the child; on timeout the child is killed and the call fails with ETIMEDOUT. */
  call<T>(op: ShareOp, args: Record<string, unknown>, timeoutMs: number): Promise<T> {
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill(new ShareOpError('ETIMEDOUT', `${op} did not finish within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      child.send({ id, op, args });
    });
  }

  /** Ends the child (pending calls fail). */
  close(): void {
    this.kill(new ShareOpError('ECLOSED', 'the share process was closed'));
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn(process.execPath, ['-e', WORKER_SOURCE], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      windowsHide: true,
    });
    child.on('message', (message: { id: number; value?: unknown; error?: { code: string; message: string } }) => {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      clearTimeout(call.timer);
      if (message.error) call.reject(new ShareOpError(message.error.code, message.error.message));
      else call.resolve(message.value);
    });
    child.on('exit', () => {
      if (this.child === child) this.kill(new ShareOpError('EIO', 'the share process ended unexpectedly'));
    });
    this.child = child;
    return child;
  }

  private kill(error: Error): void {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) child.kill('SIGKILL');
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer);
      call.reject(error);
      this.pending.delete(id);
    }
  }
}
