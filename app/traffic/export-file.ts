/**
 * A traffic export written to a file the user chose (the desktop app's save dialog): streamed chunk
 * by chunk with back-pressure, so 100,000 entries never sit in memory, into a temporary file beside
 * the target that is renamed into place only when complete — a failed export never leaves half a
 * file under the chosen name, nor replaces an earlier export there.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportRequest } from '../../shared/contract';
import type { ExportFormat, TrafficFilter } from '../../shared/types';
import { exportFileName } from './export';

/** Writes `chunks` to `file`; resolves with the bytes written. The file is the owner's only, like traffic.db. */
export async function writeExport(chunks: Iterable<string>, file: string): Promise<{ file: string; bytes: number }> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await pipeline(Readable.from(chunks), createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { file, bytes: (await stat(file)).size };
}

/**
 * The desktop's `desktop:save-export`: checks the renderer's input, asks where (`choose`: the
 * native save dialog, offered the timestamped name), then streams the export there. Null when the
 * user cancels. Main only supplies the dialog, so everything else here is tested without Electron.
 */
export async function saveExportAs(
  input: unknown,
  exportTraffic: (format: ExportFormat, filter: TrafficFilter) => Iterable<string>,
  choose: (suggestedName: string) => Promise<string | null>,
): Promise<{ file: string; bytes: number } | null> {
  const { format, filter } = exportRequest.parse(input);
  const file = await choose(exportFileName(format));
  return file === null ? null : writeExport(exportTraffic(format, filter), file);
}
