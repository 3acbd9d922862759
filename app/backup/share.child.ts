/**
 * The share child process: runs share-files.ts operations one at a time, answering each message.
 * Started by the host's launcher (child-launcher.ts): `child_process.fork` under Node, where the
 * channel is `process.send`; Electron's `utilityProcess.fork`, where it is `process.parentPort`.
 */
import { shareFiles, ShareFileError } from './share-files';
import type { FromShare, ToShare } from './share-protocol';

interface ParentPort {
  on(event: 'message', listener: (event: { data: ToShare }) => void): void;
  postMessage(message: FromShare): void;
}
const parentPort = (process as { parentPort?: ParentPort }).parentPort;

const reply = (message: FromShare) => (parentPort ? parentPort.postMessage(message) : process.send?.(message));

function run(message: ToShare): void {
  try {
    const op = shareFiles[message.op] as (args: ToShare['args']) => unknown;
    reply({ id: message.id, ok: true, value: op(message.args) });
  } catch (error) {
    const { code, message: text } = error as NodeJS.ErrnoException;
    reply({
      id: message.id,
      ok: false,
      error: {
        code: code ?? 'EUNKNOWN',
        message: String(text),
        ...(error instanceof ShareFileError && error.local ? { local: true } : {}),
      },
    });
  }
}

if (parentPort) parentPort.on('message', (event) => run(event.data));
else {
  process.on('message', (message) => run(message as ToShare));
  process.on('disconnect', () => process.exit(0)); // the engine went away
}
