/**
 * BrowserWindow options for every window, with each security setting written out even where it is
 * Electron's default — so a future default change, or a careless edit, fails a unit test instead
 * of shipping. (Types are structural: app/ never imports electron.)
 */
export interface SecureWindowOptions {
  width: number;
  height: number;
  x?: number;
  y?: number;
  title: string;
  show: boolean;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    navigateOnDragDrop: false;
    spellcheck: false;
    devTools: boolean;
  };
}

export function secureWindowOptions(
  preload: string,
  bounds: { width: number; height: number; x?: number; y?: number },
  isDev: boolean,
): SecureWindowOptions {
  return {
    ...bounds,
    title: 'SCIM Bench',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: isDev,
    },
  };
}

/** Only our own page may be shown: anything else is a navigation to refuse. */
export const isOwnPage = (url: string, indexUrl: string) => url === indexUrl || url.startsWith(`${indexUrl}#`);
