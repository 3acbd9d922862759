/**
 * The page half of a console session (see app/http/console-sessions.ts): the login redirect hands
 * it over once as `?session=…`; it is kept in this origin's storage — isolated by port, unlike
 * cookies — and taken out of the address bar at once.
 *
 * Threat model: any page can open this console in a new tab with an address it chose, so a token
 * in the address proves nothing by itself. Storing it unchecked let another origin sign the user
 * out with `window.open('http://127.0.0.1:7644/?session=garbage')`: every tab that read the
 * storage next sent garbage. The console therefore serves the page with `?session=` only when the
 * token belongs to this browser's cookie, and redirects to `/` otherwise (app/http/console-app.ts):
 * a token that reaches this code was verified before it replaces the stored one.
 */
const STORAGE_KEY = 'scim-bench-session';

/** The stored page token (read each time: another tab may have signed in since). */
export const storedConsoleSession = (): string | null => localStorage.getItem(STORAGE_KEY);

/** Takes a handed-over (server-verified) token out of the address bar and keeps it. */
export function takeConsoleSession(): void {
  const url = new URL(location.href);
  const handed = url.searchParams.get('session');
  if (handed === null) return;
  localStorage.setItem(STORAGE_KEY, handed);
  url.searchParams.delete('session');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}
