/** The tray: status line and the everyday actions. */
import { Menu, Tray, clipboard, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { BackupStatus } from '../shared/types';

export interface TrayActions {
  open(): void;
  backupNow(): void;
  quit(): void;
}

export function trayMenu(
  status: BackupStatus,
  scimUrl: string,
  token: string,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  return [
    { label: `Backup: ${status.state}${status.lastError ? ` — ${status.lastError}` : ''}`, enabled: false },
    {
      label: 'Back up now',
      enabled: status.state !== 'disabled' && status.state !== 'running',
      click: actions.backupNow,
    },
    { type: 'separator' },
    { label: 'Open SCIM Bench', click: actions.open },
    { label: 'Copy SCIM endpoint URL', click: () => clipboard.writeText(scimUrl) },
    { label: 'Copy token', click: () => clipboard.writeText(token) },
    { type: 'separator' },
    { label: 'Quit', click: actions.quit },
  ];
}

export function createTray(iconFile: string): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconFile));
  tray.setToolTip('SCIM Bench');
  return tray;
}

export const buildMenu = (items: MenuItemConstructorOptions[]) => Menu.buildFromTemplate(items);
