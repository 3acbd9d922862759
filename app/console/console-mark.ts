/**
 * How the console's own requests to the SCIM port say who they are. A header anyone can send
 * proves nothing (the SCIM port is on the internet), so they carry the Engine's per-run random
 * mark; capture labels a request "console" only when the mark matches, and never records it.
 */
import { CONSOLE_HEADER_NAME } from '../traffic/redact';

/** Headers for a request the console makes itself: its User-Agent and the mark. */
export function consoleHeaders(mark: string, userAgent: string): Record<string, string> {
  return {
    'User-Agent': userAgent,
    [CONSOLE_HEADER_NAME]: mark,
  };
}
