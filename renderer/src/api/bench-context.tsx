/**
 * The console's one way to the engine: a BenchApi (and, in the desktop app, its native extras)
 * given by the root through context. Screens never reach for `window.bench` or a module
 * singleton, so a component test can hand them a fake of the same interface.
 */
import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { BenchApi } from '../../../shared/api';
import type { DesktopApi } from '../../../shared/ipc-transport';
import type { Connection, ConnectionWatch } from './connection';
import { scimClient, type ScimClient } from './scim-client';

export interface ConsoleBench {
  api: BenchApi;
  /** Native dialogs and the file manager; null in a browser. */
  desktop: DesktopApi | null;
  /** Whether `serve` answers (HTTP only); null in the desktop app, whose IPC cannot drop. */
  connection?: ConnectionWatch | null;
}

const BenchContext = createContext<ConsoleBench | null>(null);

export function BenchProvider({ bench, children }: { bench: ConsoleBench; children: ReactNode }) {
  return <BenchContext.Provider value={bench}>{children}</BenchContext.Provider>;
}

function useConsoleBench(): ConsoleBench {
  const bench = useContext(BenchContext);
  if (!bench) throw new Error('The console was rendered without a BenchProvider');
  return bench;
}

/** The engine's API, over IPC or HTTP: the screen cannot tell which. */
export const useBench = (): BenchApi => useConsoleBench().api;

/** The desktop app's native extras, or null in a browser. */
export const useDesktop = (): DesktopApi | null => useConsoleBench().desktop;

/** The console's typed SCIM client (Directory) of one endpoint (absent: the default one), over the same API. */
export function useScim(endpoint?: string): ScimClient {
  const api = useBench();
  return useMemo(() => scimClient(api, endpoint), [api, endpoint]);
}

const ALWAYS: Connection = { state: 'online', retryAt: null };
const never = () => () => undefined;

/** Whether the console is connected to the engine, and a way to retry now (a no-op over IPC). */
export function useConnection(): Connection & { retryNow: () => void } {
  const watch = useConsoleBench().connection;
  const connection = useSyncExternalStore(watch?.subscribe ?? never, watch?.get ?? (() => ALWAYS));
  return { ...connection, retryNow: () => watch?.retryNow() };
}
