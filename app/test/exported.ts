/** A traffic export as the desktop app writes it (streamed to a file through saveExportAs), read back as text. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExportFormat, TrafficFilter } from '../../shared/types';
import type { Engine } from '../engine';
import { saveExportAs } from '../traffic/export-file';
import { tempDir } from './temp-dir';

export async function exported(engine: Engine, format: ExportFormat, filter: TrafficFilter = {}): Promise<string> {
  const saved = await saveExportAs({ format, filter }, engine.exportTraffic.bind(engine), async (name) =>
    path.join(tempDir(), name),
  );
  return readFileSync(saved!.file, 'utf8');
}
