/** The tray: app/desktop/tray-model.ts decides what it shows; this maps it to Electron. */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayItem } from '../app/desktop/tray-model';

export function createTray(iconFile: string): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconFile).resize({ width: 16, height: 16 }));
  tray.setToolTip('SCIM Bench');
  return tray;
}

function toTemplate(items: TrayItem[], run: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) =>
    item.kind === 'separator'
      ? { type: 'separator' }
      : item.kind === 'submenu'
        ? { label: item.label, submenu: toTemplate(item.items, run) }
        : { label: item.label, enabled: item.enabled, ...(item.action ? { click: () => run(item.action!) } : {}) },
  );
}

export function toMenu(items: TrayItem[], run: (action: TrayAction) => void): Menu {
  return Menu.buildFromTemplate(toTemplate(items, run));
}
