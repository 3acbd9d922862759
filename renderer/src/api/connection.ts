/**
 * Whether the console is connected to `serve`, for the header and its banner. An open console once
 * went stale without a word when serve stopped: the badge stayed green, live updates stopped, and
 * a user concluded "Entra sent nothing". The HTTP transport reports here as its event stream drops
 * and comes back; the desktop app has no such watch (IPC cannot drop while the window lives).
 */
export type ConnectionState =
  /** The event stream is being opened for the first time. */
  | 'connecting'
  | 'online'
  /** serve does not answer (stopped, restarting): reconnecting with back-off. */
  | 'offline'
  /** serve answers but refuses this tab's session (the key was rotated, or serve runs with another key). */
  | 'signed-out';

export interface Connection {
  state: ConnectionState;
  /** When the next attempt is made (offline, signed-out). */
  retryAt: number | null;
}

export class ConnectionWatch {
  private value: Connection = { state: 'connecting', retryAt: null };
  private readonly listeners = new Set<() => void>();
  /** Set by the transport: try again now instead of at `retryAt`. */
  retryNow: () => void = () => undefined;

  get = (): Connection => this.value;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(value: Connection): void {
    if (value.state === this.value.state && value.retryAt === this.value.retryAt) return;
    this.value = value;
    for (const listener of this.listeners) listener();
  }
}

/** Waits before reconnect attempt `n` (0-based): 1 s, 2 s, 4 s, 8 s, then every 10 s. */
export const backoffMs = (attempt: number): number => Math.min(1000 * 2 ** attempt, 10_000);
