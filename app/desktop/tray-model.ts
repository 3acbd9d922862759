/**
 * The tray (and app) menu as a pure function of the engine's state, so it is unit-tested; main/
 * maps each item's action to Electron.
 */
import type { BackupStatus } from '../../shared/types';

export type TrayAction = 'backup-now' | 'open' | 'copy-endpoint' | 'copy-token' | 'pause' | 'resume' | 'quit';

export type TrayItem = { kind: 'separator' } | { kind: 'item'; label: string; enabled: boolean; action?: TrayAction };

export interface TrayState {
  backup: BackupStatus;
  backupLine: string;
  paused: boolean;
}

export function trayModel({ backup, backupLine, paused }: TrayState): TrayItem[] {
  const canBackUp = backup.state !== 'disabled' && backup.state !== 'running';
  return [
    { kind: 'item', label: backupLine, enabled: false },
    { kind: 'item', label: 'Back up now', enabled: canBackUp, action: 'backup-now' },
    { kind: 'separator' },
    { kind: 'item', label: 'Open SCIM Bench', enabled: true, action: 'open' },
    { kind: 'item', label: 'Copy SCIM endpoint URL', enabled: true, action: 'copy-endpoint' },
    { kind: 'item', label: 'Copy token', enabled: true, action: 'copy-token' },
    paused
      ? { kind: 'item', label: 'Resume the endpoint', enabled: true, action: 'resume' }
      : { kind: 'item', label: 'Pause the endpoint', enabled: true, action: 'pause' },
    { kind: 'separator' },
    { kind: 'item', label: 'Quit', enabled: true, action: 'quit' },
  ];
}
