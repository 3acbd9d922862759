/**
 * The tray (and app) menu as a pure function of the engine's state, so it is unit-tested; main/
 * maps each item's action to Electron. With more than one endpoint, "Copy SCIM endpoint URL" and
 * "Copy token" open a submenu with one entry per endpoint.
 */
import type { BackupStatus } from '../../shared/types';

export type TrayAction =
  | { do: 'backup-now' | 'open' | 'pause' | 'resume' | 'quit' }
  | { do: 'copy-endpoint' | 'copy-token'; endpoint: string };

export type TrayItem =
  | { kind: 'separator' }
  | { kind: 'item'; label: string; enabled: boolean; action?: TrayAction }
  | { kind: 'submenu'; label: string; items: TrayItem[] };

export interface TrayState {
  backup: BackupStatus;
  backupLine: string;
  paused: boolean;
  /** Every endpoint, the default one first. */
  endpoints: { id: string; name: string; isDefault: boolean }[];
}

function perEndpoint(label: string, what: 'copy-endpoint' | 'copy-token', endpoints: TrayState['endpoints']): TrayItem {
  if (endpoints.length === 1)
    return { kind: 'item', label, enabled: true, action: { do: what, endpoint: endpoints[0]!.id } };
  return {
    kind: 'submenu',
    label,
    items: endpoints.map((e) => ({
      kind: 'item',
      label: e.isDefault ? `${e.name} (/scim/v2)` : e.name,
      enabled: true,
      action: { do: what, endpoint: e.id },
    })),
  };
}

export function trayModel({ backup, backupLine, paused, endpoints }: TrayState): TrayItem[] {
  const canBackUp = backup.state !== 'disabled' && backup.state !== 'running';
  const all = endpoints.length > 1;
  return [
    { kind: 'item', label: backupLine, enabled: false },
    { kind: 'item', label: 'Back up now', enabled: canBackUp, action: { do: 'backup-now' } },
    { kind: 'separator' },
    { kind: 'item', label: 'Open SCIM Bench', enabled: true, action: { do: 'open' } },
    perEndpoint('Copy SCIM endpoint URL', 'copy-endpoint', endpoints),
    perEndpoint('Copy token', 'copy-token', endpoints),
    paused
      ? {
          kind: 'item',
          label: all ? 'Resume every endpoint' : 'Resume the endpoint',
          enabled: true,
          action: { do: 'resume' },
        }
      : {
          kind: 'item',
          label: all ? 'Pause every endpoint' : 'Pause the endpoint',
          enabled: true,
          action: { do: 'pause' },
        },
    { kind: 'separator' },
    { kind: 'item', label: 'Quit', enabled: true, action: { do: 'quit' } },
  ];
}
