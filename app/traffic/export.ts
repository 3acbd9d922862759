/**
 * Traffic out of the bench: HAR 1.2 (opens in browser devtools and HAR viewers), NDJSON (one entry
 * per line, for jq and scripts), and "copy as curl". Entries are already redacted when stored.
 * Exports are streamed in chunks (the console's download route, the desktop's save dialog through
 * export-file.ts), never built whole. Curl reads the token from $SCIM_BENCH_TOKEN unless the user
 * asks for the variant with the token, which is made on request and never stored.
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

const two = (n: number) => String(n).padStart(2, '0');

/** `scim-bench-traffic-20261201-2142.har`: local time to the minute, so exports sort and do not overwrite each other. */
export function exportFileName(format: ExportFormat, at = new Date()): string {
  const date = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}`;
  return `scim-bench-traffic-${date}-${two(at.getHours())}${two(at.getMinutes())}.${format}`;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/**
 * Not repeated from the recording: transport headers, the credentials (replaced below), the
 * client's User-Agent — the user's own curl must not be shown as Entra — and the bench's own marks.
 */
const SKIPPED_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'authorization',
  'accept-encoding',
  'user-agent',
]);
const isBenchHeader = (name: string) => name.startsWith('x-scim-bench-');
export const TOKEN_VARIABLE = 'SCIM_BENCH_TOKEN';

/**
 * A curl command that repeats the request, as curl (`-A curl`). The token is read from
 * $SCIM_BENCH_TOKEN, and the command says so; given `token`, it carries that token instead (made
 * on request for the user's clipboard, never stored or exported).
 */
export function curlCommand(entry: TrafficEntry, token?: string): string {
  const authorized = Boolean(entry.requestHeaders.authorization);
  const parts = [`curl -X ${entry.method} ${shellQuote(url(entry))}`, `-A 'curl'`];
  if (authorized)
    parts.push(
      token === undefined
        ? `-H "Authorization: Bearer $${TOKEN_VARIABLE}"`
        : `-H ${shellQuote(`Authorization: Bearer ${token}`)}`,
    );
  for (const [name, value] of Object.entries(entry.requestHeaders))
    if (!SKIPPED_HEADERS.has(name) && !isBenchHeader(name)) parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (entry.requestBody !== null) parts.push(`--data-raw ${shellQuote(entry.requestBody)}`);
  const comment = !authorized
    ? ''
    : token === undefined
      ? `# reads the token from $${TOKEN_VARIABLE}\n`
      : `# carries the bench's current token: do not share it\n`;
  return comment + parts.join(' \\\n  ');
}
