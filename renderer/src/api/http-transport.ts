/** The console API of `serve` as a Transport: commands are POSTs, events arrive over SSE. */
import type { BenchEvent, Transport } from '../../../shared/api';
import { EVENTS, commandPath } from '../../../shared/channels';

export interface HttpTransportOptions {
  /** Extra headers (the console key, for scripts and tests; the browser uses its cookie). */
  headers?: Record<string, string>;
  /** An EventSource implementation (the browser's by default). */
  EventSource?: new (url: string, init?: { withCredentials?: boolean; fetch?: typeof fetch }) => EventSource;
}

export function httpTransport(base = '', options: HttpTransportOptions = {}): Transport {
  const headers = options.headers ?? {};
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
      const source = new Source(`${base}/api/events`, {
        withCredentials: true,
        ...(Object.keys(headers).length
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
