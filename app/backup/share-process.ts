/**
 * The engine's side of the share child process (share.child.ts). Node's file I/O shares a pool of
 * four threads: a few calls stuck on a dead SMB mount would stall every other file operation in the
 * engine (console, logs, DNS). In a child, a stuck call blocks only the child, which is killed when
 * its timeout passes. The child also parses the untrusted manifest, off the engine's thread.
 * If the child ends or fails, every call in flight is rejected and the next call starts a new one.
 */
import { entryFile } from '../workers/entry-file';
import { forkChild, type ChildLauncher, type LaunchedChild } from './child-launcher';
import type { FromShare, ShareFailure, ShareOp, ShareOps, ToShare } from './share-protocol';

export class ShareOpError extends Error {
  readonly local: boolean;
  constructor(
    readonly code: string,
    message: string,
    { local = false }: Pick<ShareFailure, 'local'> = {},
  ) {
    super(message);
    this.local = local;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class ShareProcess {
  private child: LaunchedChild | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly launch: ChildLauncher = forkChild) {}

  /** Runs one operation in the child; on timeout the child is killed and the call fails with ETIMEDOUT. */
  call<K extends ShareOp>(op: K, args: ShareOps[K]['args'], timeoutMs: number): Promise<ShareOps[K]['result']> {
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.end(new ShareOpError('ETIMEDOUT', `${op} did not finish within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      try {
        child.send({ id, op, args } as ToShare);
      } catch (error) {
        this.end(new ShareOpError('ECHILD', `the share process cannot be reached: ${(error as Error).message}`));
      }
    });
  }

  /** Ends the child (pending calls fail). */
  close(): void {
    this.end(new ShareOpError('ECLOSED', 'the share process was closed'));
  }

  private ensureChild(): LaunchedChild {
    if (this.child) return this.child;
    const child: LaunchedChild = this.launch(entryFile('share-child'), {
      message: (message) => this.settle(message as FromShare),
      error: (error) => {
        if (this.child === child) this.end(new ShareOpError('ECHILD', `the share process failed: ${error.message}`));
      },
      exit: (code) => {
        if (this.child === child)
          this.end(new ShareOpError('ECHILD', `the share process ended unexpectedly (exit code ${code})`));
      },
    });
    this.child = child;
    return child;
  }

  private settle(message: FromShare): void {
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    clearTimeout(call.timer);
    if (message.ok) call.resolve(message.value);
    else call.reject(new ShareOpError(message.error.code, message.error.message, message.error));
  }

  private end(error: Error): void {
    const child = this.child;
    this.child = null;
    child?.kill();
    for (const [id, call] of this.pending) {
      clearTimeout(call.timer);
      call.reject(error);
      this.pending.delete(id);
    }
  }
}
