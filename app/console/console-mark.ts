/**
 * How the console's own requests to the SCIM port say who they are. A header anyone can send
 * proves nothing (the SCIM port is on the internet), so they carry the Engine's per-run random
 * mark; capture labels a request "console" only when the mark matches, and never records it.
 */
export const CONSOLE_MARK_HEADER = 'X-Scim-Bench-Console';

/** Headers for a request the console makes itself: its User-Agent and the mark. */
export function consoleHeaders(mark: string, userAgent: string): Record<string, string> {
  return {
    'User-Agent': userAgent,
    [CONSOLE_MARK_HEADER]: mark,
    // The old, forgeable label: kept only until capture checks the mark instead; then remove it.
    'X-Scim-Bench-Client': 'console',
  };
}
