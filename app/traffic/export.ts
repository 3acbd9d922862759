/**
 * Traffic out of the bench: HAR 1.2 (opens in browser devtools and HAR viewers), NDJSON (one entry
 * per line, for jq and scripts), and "copy as curl". Entries are already redacted when stored; the
 * curl command refers to the token as $SCIM_BENCH_TOKEN so it never carries a secret.
 */
import type { ExportFormat, TrafficEntry } from '../../shared/types';
import { APP_VERSION } from '../version';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

const nameValues = (headers: Record<string, string>) =>
  Object.entries(headers).map(([name, value]) => ({ name, value }));

function url(entry: TrafficEntry): string {
  const host = entry.requestHeaders.host ?? 'localhost';
  return `http://${host}${entry.path}${entry.query ? `?${entry.query}` : ''}`;
}

/** One HAR 1.2 entry (http://www.softwareishard.com/blog/har-12-spec/). */
export function harEntry(entry: TrafficEntry) {
  const requestType = entry.requestHeaders['content-type'] ?? 'application/octet-stream';
  const responseType = entry.responseHeaders['content-type'] ?? 'application/octet-stream';
  return {
    startedDateTime: entry.time,
    time: entry.durationMs,
    request: {
      method: entry.method,
      url: url(entry),
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(entry.requestHeaders),
      queryString: [...new URLSearchParams(entry.query)].map(([name, value]) => ({ name, value })),
      ...(entry.requestBody !== null ? { postData: { mimeType: requestType, text: entry.requestBody } } : {}),
      headersSize: -1,
      bodySize: entry.requestBody === null ? 0 : Buffer.byteLength(entry.requestBody),
    },
    response: {
      status: entry.status,
      statusText: STATUS_TEXT[entry.status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(entry.responseHeaders),
      content: {
        size: entry.responseBody === null ? 0 : Buffer.byteLength(entry.responseBody),
        mimeType: responseType,
        ...(entry.responseBody !== null ? { text: entry.responseBody } : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: entry.responseBody === null ? 0 : Buffer.byteLength(entry.responseBody),
    },
    cache: {},
    timings: { send: 0, wait: entry.durationMs, receive: 0 },
    comment: entry.sentence,
  };
}

/** Streams an export in chunks, so 100,000 entries never sit in memory as one string. */
export function* exportChunks(entries: Iterable<TrafficEntry>, format: ExportFormat): Generator<string> {
  if (format === 'ndjson') {
    for (const entry of entries) yield JSON.stringify(entry) + '\n';
    return;
  }
  yield `{"log":{"version":"1.2","creator":{"name":"SCIM Bench","version":"${APP_VERSION}"},"entries":[`;
  let first = true;
  for (const entry of entries) {
    yield (first ? '' : ',') + JSON.stringify(harEntry(entry));
    first = false;
  }
  yield ']}}';
}

export const exportMimeType = (format: ExportFormat) =>
  format === 'har' ? 'application/json' : 'application/x-ndjson';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const SKIPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'authorization', 'accept-encoding']);

/** A curl command that repeats the request; the token comes from $SCIM_BENCH_TOKEN. */
export function curlCommand(entry: TrafficEntry): string {
  const parts = [`curl -X ${entry.method} ${shellQuote(url(entry))}`];
  if (entry.requestHeaders.authorization) parts.push(`-H "Authorization: Bearer $SCIM_BENCH_TOKEN"`);
  for (const [name, value] of Object.entries(entry.requestHeaders))
    if (!SKIPPED_HEADERS.has(name)) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (entry.requestBody !== null) parts.push(`--data-raw ${shellQuote(entry.requestBody)}`);
  return parts.join(' \\\n  ');
}
