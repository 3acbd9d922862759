/** The console API of `serve` as a Transport: commands are POSTs, events arrive over SSE. */
import type { BenchEvent, Transport } from '../../../shared/api';
import { EVENTS, commandPath } from '../../../shared/channels';

export interface HttpTransportOptions {
  /** Extra headers (the console key, for scripts and tests; the browser uses its session). */
  headers?: Record<string, string>;
  /** The page token of the browser's console session (sent with its cookie); null when there is none. */
  session?: string | null;
  /** An EventSource implementation (the browser's by default). */
  EventSource?: new (url: string, init?: { withCredentials?: boolean; fetch?: typeof fetch }) => EventSource;
}

export function httpTransport(base = '', options: HttpTransportOptions = {}): Transport {
  const headers: Record<string, string> = {
    ...(options.session ? { 'X-Console-Session': options.session } : {}),
    ...options.headers,
  };
  return {
    async invoke(name, input) {
      const response = await fetch(`${base}${commandPath(name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ input: input ?? null }),
      });
      const body = (await response.json().catch(() => ({}))) as { result?: unknown; error?: string };
      if (!response.ok) throw new Error(body.error ?? `The console API answered ${response.status}`);
      return body.result as never;
    },
    subscribe(listener) {
      const Source = options.EventSource ?? EventSource;
      // EventSource cannot set headers: the page token goes in the query.
      const query = options.session ? `?session=${encodeURIComponent(options.session)}` : '';
      const source = new Source(`${base}/api/events${query}`, {
        withCredentials: true,
        ...(options.headers
          ? {
              fetch: (url, init) =>
                fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }),
            }
          : {}),
      });
      for (const type of EVENTS)
        source.addEventListener(type, (message) =>
          listener({ type, payload: JSON.parse((message as MessageEvent<string>).data) } as BenchEvent),
        );
      return () => source.close();
    },
  };
}
