/**
 * A restore the user asked for (Backup screen, tray): one listed generation, fetched and verified
 * like at launch (restore.ts), then swapped in by the database handle. Refusals are CommandErrors
 * the console shows as they are.
 */
import { CommandError } from '../commands';
import { dataFile } from '../data-files';
import type { BenchDatabase } from './bench-database';
import { emptyReport, listedGeneration, restoreNewestValid, type RestoreReport } from './restore';
import { Share, type ShareOptions } from './share';

export async function restoreListed(
  database: BenchDatabase,
  dataDir: string,
  backupDir: string,
  file: string,
  options: ShareOptions,
): Promise<RestoreReport> {
  const share = new Share(backupDir, options);
  try {
    const report = emptyReport();
    const generation = await listedGeneration(share, file).catch((error: Error) => {
      throw new CommandError(409, error.message);
    });
    if (!generation) throw new CommandError(404, `${file} is not listed in the backup folder's manifest`);
    const incoming = dataFile(dataDir, 'incoming');
    const verified = await restoreNewestValid(share, [generation], incoming, 'bench', report);
    if (!verified)
      throw new CommandError(422, `${file} cannot be restored: ${report.skipped[0]?.reason ?? 'unknown reason'}`);
    report.setAside = await database.swapIn(incoming);
    return report;
  } finally {
    share.close();
  }
}
