/**
 * The tray (and app) menu as a pure function of the engine's state, so it is unit-tested; main/
 * maps each item's action to Electron. With more than one endpoint, "Copy SCIM endpoint URL" and
 * "Copy token" open a submenu with one entry per endpoint.
 */
import type { BackupStatus } from '../../shared/types';

export type TrayAction =
  | { do: 'backup-now' | 'open' | 'pause' | 'resume' | 'pause-faults' | 'resume-faults' | 'quit' }
  | { do: 'copy-endpoint' | 'copy-token'; endpoint: string };

export type TrayItem =
  | { kind: 'separator' }
  | { kind: 'item'; label: string; enabled: boolean; action?: TrayAction }
  | { kind: 'submenu'; label: string; items: TrayItem[] };

export interface TrayState {
  backup: BackupStatus;
  backupLine: string;
  paused: boolean;
  /** Every endpoint, the default one first, with how many of its fault rules are enabled. */
  endpoints: { id: string; name: string; isDefault: boolean; faults?: { enabled: boolean }[] }[];
  /** The global faults switch (Settings.faultsPaused). */
  faultsPaused: boolean;
}

/** "Pause faults (3 rules)" while rules are on, "Resume faults" while paused, disabled without rules. */
function faultsItem(endpoints: TrayState['endpoints'], paused: boolean): TrayItem {
  const rules = endpoints.reduce((sum, e) => sum + (e.faults ?? []).filter((r) => r.enabled).length, 0);
  if (paused) return { kind: 'item', label: 'Resume faults (paused)', enabled: true, action: { do: 'resume-faults' } };
  if (!rules) return { kind: 'item', label: 'No fault rules', enabled: false };
  const label = `Pause faults (${rules} ${rules === 1 ? 'rule' : 'rules'})`;
  return { kind: 'item', label, enabled: true, action: { do: 'pause-faults' } };
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

export function trayModel({ backup, backupLine, paused, endpoints, faultsPaused }: TrayState): TrayItem[] {
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
    faultsItem(endpoints, faultsPaused),
    { kind: 'separator' },
    { kind: 'item', label: 'Quit', enabled: true, action: { do: 'quit' } },
  ];
}
