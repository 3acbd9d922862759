/** The console API of `serve` as a Transport: commands are POSTs, events arrive over SSE. */
import type { BenchEvent, Transport } from '../../../shared/api';
import { EVENTS, commandPath } from '../../../shared/channels';

export function httpTransport(base = ''): Transport {
  return {
    async invoke(name, input) {
      const response = await fetch(`${base}${commandPath(name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ input: input ?? null }),
      });
      const body = (await response.json().catch(() => ({}))) as { result?: unknown; error?: string };
      if (!response.ok) throw new Error(body.error ?? `The console API answered ${response.status}`);
      return body.result as never;
    },
    subscribe(listener) {
      const source = new EventSource(`${base}/api/events`, { withCredentials: true });
      for (const type of EVENTS)
        source.addEventListener(type, (message) =>
          listener({ type, payload: JSON.parse((message as MessageEvent<string>).data) } as BenchEvent),
        );
      return () => source.close();
    },
  };
}
