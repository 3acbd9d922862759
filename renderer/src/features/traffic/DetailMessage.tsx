import type { TrafficEntry } from '../../../../shared/types';
import { JsonView } from '../../components/JsonView';

const headerText = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');

/** A query string as a person reads it; as recorded when it is not valid percent-encoding. */
function readable(query: string): string {
  try {
    return decodeURIComponent(query);
  } catch {
    return query;
  }
}

/** The request target as received, with its query string (a lookup is not a list). */
export const targetOf = (entry: TrafficEntry) => `${entry.path}${entry.query ? `?${readable(entry.query)}` : ''}`;

/** What was sent: the request line, headers and body. */
export function DetailRequest({ entry }: { entry: TrafficEntry }) {
  return (
    <>
      <h3 className="message-line">
        {entry.method} {targetOf(entry)}
      </h3>
      <pre aria-label="Request headers" tabIndex={0}>
        {headerText(entry.requestHeaders)}
      </pre>
      <JsonView text={entry.requestBody} label="Request body" />
    </>
  );
}

/** What was answered: the status, headers and body. */
export function DetailResponse({ entry }: { entry: TrafficEntry }) {
  return (
    <>
      <h3 className="message-line">
        {entry.status} in {entry.durationMs.toFixed(1)} ms
      </h3>
      <pre aria-label="Response headers" tabIndex={0}>
        {headerText(entry.responseHeaders)}
      </pre>
      <JsonView text={entry.responseBody} label="Response body" />
    </>
  );
}
