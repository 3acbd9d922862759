/**
 * How a child process is started is the host's choice: plain Node forks the built entry file;
 * Electron passes a launcher built on `utilityProcess.fork` (main/index.ts), so the packaged app
 * needs no ELECTRON_RUN_AS_NODE and can turn the RunAsNode fuse off. app/ never imports electron.
 */
import { fork } from 'node:child_process';

/** What the host reports about a child it started. `exit` comes exactly once, after `error` if any. */
export interface ChildEvents {
  message(message: unknown): void;
  exit(code: number | null): void;
  error(error: Error): void;
}

export interface LaunchedChild {
  send(message: unknown): void;
  /** Ends the child at once (it may be stuck in a system call on a dead mount). */
  kill(): void;
  pid?: number | undefined;
}

export type ChildLauncher = (entryFile: string, events: ChildEvents) => LaunchedChild;

/** Node's launcher: `child_process.fork` of the entry file, with only an IPC channel. */
export const forkChild: ChildLauncher = (entryFile, events) => {
  const child = fork(entryFile, [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // Not the parent's flags (a test runner's loaders, --inspect): the entry is plain CommonJS.
    execArgv: [],
  });
  child.on('message', (message) => events.message(message));
  child.on('error', (error) => events.error(error));
  child.on('exit', (code) => events.exit(code));
  return {
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    kill: () => void child.kill('SIGKILL'),
    pid: child.pid,
  };
};
