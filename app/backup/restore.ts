/**
 * Restore at launch, before the endpoint opens: when the local database is missing, the newest
 * generation that passes its checksum and integrity check is brought back. Damaged generations are
 * skipped and reported.
 */
import { existsSync, promises as fs } from 'node:fs';
import { Share } from './share';
import { sha256File, verifyDatabase } from './snapshot';

export interface RestoreReport {
  restored: string | null;
  skipped: { file: string; reason: string }[];
}

export async function restoreIfMissing(dbFile: string, backupDir: string, timeoutMs: number): Promise<RestoreReport> {
  const report: RestoreReport = { restored: null, skipped: [] };
  if (existsSync(dbFile)) return report;
  const share = new Share(backupDir, timeoutMs);
  const manifest = await share.readManifest();
  const incoming = `${dbFile}.restoring`;
  for (const generation of manifest.generations) {
    try {
      await share.fetch(generation.file, incoming);
      if ((await sha256File(incoming)) !== generation.sha256) throw new Error('checksum does not match the manifest');
      verifyDatabase(incoming);
      await fs.rename(incoming, dbFile);
      report.restored = generation.file;
      return report;
    } catch (error) {
      report.skipped.push({ file: generation.file, reason: (error as Error).message });
      await fs.rm(incoming, { force: true });
    }
  }
  return report;
}
