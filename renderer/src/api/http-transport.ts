/**
 * The console API of `serve` as a Transport: commands are POSTs, events arrive over SSE. When the
 * event stream drops (serve stopped or restarted, the key rotated), it is reopened with back-off,
 * the connection watch says so at once, and listeners get a `traffic:resync` when it is back:
 * whatever arrived in between is read from the store, not lost.
 */
import type { BenchEvent, Transport } from '../../../shared/api';
import { EVENTS, commandPath } from '../../../shared/channels';
import { backoffMs, type ConnectionWatch } from './connection';

export interface HttpTransportOptions {
  /** Extra headers (the console key, for scripts and tests; the browser uses its session). */
  headers?: Record<string, string>;
  /**
   * The page token of the browser's console session (sent with its cookie), asked before every
   * request: another tab may have signed in since. Null when there is none.
   */
  session?: () => string | null;
  /** Told whether the event stream is up. */
  connection?: ConnectionWatch;
  /** An EventSource implementation (the browser's by default). */
  EventSource?: new (url: string, init?: { withCredentials?: boolean; fetch?: typeof fetch }) => EventSource;
}

export function httpTransport(base = '', options: HttpTransportOptions = {}): Transport {
  const headers = (): Record<string, string> => {
    const session = options.session?.() ?? null;
    return { ...(session ? { 'X-Console-Session': session } : {}), ...options.headers };
  };
  const post = (name: Parameters<Transport['invoke']>[0], input: unknown) =>
    fetch(`${base}${commandPath(name)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', ...headers() },
      body: JSON.stringify({ input: input ?? null }),
    });
  /** Why the stream is down: serve refuses this session, or does not answer at all. */
  const diagnose = async (): Promise<'offline' | 'signed-out' | 'answering'> => {
    try {
      const response = await post('info:get', null);
      return response.status === 401 ? 'signed-out' : 'answering';
    } catch {
      return 'offline';
    }
  };

  return {
    async invoke(name, input) {
      const response = await post(name, input);
      const body = (await response.json().catch(() => ({}))) as { result?: unknown; error?: string };
      if (!response.ok) throw new Error(body.error ?? `The console API answered ${response.status}`);
      return body.result as never;
    },
    subscribe(listener) {
      const Source = options.EventSource ?? EventSource;
      const watch = options.connection;
      let source: EventSource | null = null;
      let timer: ReturnType<typeof setTimeout> | null = null;
      let attempt = 0;
      let dropped = false;
      let closed = false;

      const open = () => {
        timer = null;
        const all = headers();
        // EventSource cannot set headers: the page token goes in the query.
        const session = all['X-Console-Session'];
        const query = session ? `?session=${encodeURIComponent(session)}` : '';
        source = new Source(`${base}/api/events${query}`, {
          withCredentials: true,
          ...(options.headers
            ? {
                fetch: (url, init) =>
                  fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...all } }),
              }
            : {}),
        });
        source.onopen = () => {
          attempt = 0;
          watch?.set({ state: 'online', retryAt: null });
          if (dropped) listener({ type: 'traffic:resync', payload: {} }); // what arrived while it was down
          dropped = false;
        };
        // The browser would retry on its own, but not after a 401, and never says why: we do both.
        source.onerror = () => {
          source?.close();
          source = null;
          dropped = true;
          void retry();
        };
        for (const type of EVENTS)
          source.addEventListener(type, (message) =>
            listener({ type, payload: JSON.parse((message as MessageEvent<string>).data) } as BenchEvent),
          );
      };

      const retry = async () => {
        const why = await diagnose();
        if (closed) return;
        const delay = backoffMs(attempt++);
        watch?.set({ state: why === 'signed-out' ? 'signed-out' : 'offline', retryAt: Date.now() + delay });
        timer = setTimeout(open, delay);
      };

      if (watch)
        watch.retryNow = () => {
          if (source || closed) return;
          if (timer) clearTimeout(timer);
          open();
        };
      open();
      return () => {
        closed = true;
        if (timer) clearTimeout(timer);
        source?.close();
      };
    },
  };
}
