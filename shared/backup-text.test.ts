import { describe, expect, it } from 'vitest';
import type { BackupStatus } from './types';
import { backupBadgeText, formatBytes, relativeTime } from './backup-text';

const now = Date.parse('2026-01-01T12:00:00Z');
const base: BackupStatus = {
  state: 'ok',
  target: '/mnt/share',
  intervalMs: 300_000,
  lastSuccess: null,
  lastAttempt: null,
  lastError: null,
  nextRun: null,
  sizeBytes: null,
  generations: 0,
  conflict: null,
};

describe('backup badge text', () => {
  it('says when and how big the last backup was', () => {
    expect(backupBadgeText({ ...base, lastSuccess: '2026-01-01T11:58:00Z', sizeBytes: 3.2 * 1024 * 1024 }, now)).toBe(
      'Backed up 2 min ago · 3.2 MB',
    );
  });
  it('says the share is offline and when it retries', () => {
    expect(backupBadgeText({ ...base, state: 'offline', nextRun: '2026-01-01T12:00:40Z' }, now)).toBe(
      'Share offline — retrying in a moment',
    );
    expect(backupBadgeText({ ...base, state: 'offline', nextRun: '2026-01-01T12:03:00Z' }, now)).toBe(
      'Share offline — retrying in 3 min',
    );
  });
  it('never says a past backup happens "in a moment" when the page clock lags', () => {
    expect(backupBadgeText({ ...base, lastSuccess: '2026-01-01T12:00:02Z', sizeBytes: 1024 }, now)).toBe(
      'Backed up just now · 1.0 KB',
    );
  });
  it('covers running and disabled', () => {
    expect(backupBadgeText({ ...base, state: 'running' }, now)).toBe('Backing up…');
    expect(backupBadgeText({ ...base, state: 'disabled' }, now)).toBe('Backup off');
  });
  it('formats times and sizes', () => {
    expect(relativeTime(null, now)).toBe('never');
    expect(relativeTime('2026-01-01T09:00:00Z', now)).toBe('3 h ago');
    expect(formatBytes(512)).toBe('512 B');
  });
});
