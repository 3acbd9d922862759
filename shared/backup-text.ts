/** The backup badge's words: pure, so they are unit-tested. */
import type { BackupStatus } from './types';

export function relativeTime(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  const ahead = seconds < 0;
  const s = Math.abs(seconds);
  const text =
    s < 45
      ? 'just now'
      : s < 90
        ? '1 min'
        : s < 3600
          ? `${Math.round(s / 60)} min`
          : s < 86_400
            ? `${Math.round(s / 3600)} h`
            : `${Math.round(s / 86_400)} d`;
  if (text === 'just now') return ahead ? 'in a moment' : text;
  return ahead ? `in ${text}` : `${text} ago`;
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

export function backupBadgeText(status: BackupStatus, now: number): string {
  switch (status.state) {
    case 'disabled':
      return 'Backup off';
    case 'running':
      return 'Backing up…';
    case 'idle':
      return `Backup due ${relativeTime(status.nextRun, now)}`;
    case 'ok': {
      // A success is in the past, even when the page's clock lags the engine's by a moment.
      const at = Math.min(Date.parse(status.lastSuccess ?? '') || now, now);
      return `Backed up ${relativeTime(new Date(at).toISOString(), now)} · ${formatBytes(status.sizeBytes)}`;
    }
    case 'offline':
      return `Share offline — retrying ${relativeTime(status.nextRun, now)}`;
    case 'error':
      return `Backup failed — retrying ${relativeTime(status.nextRun, now)}`;
  }
}
