/**
 * The page half of a console session (see app/http/console-sessions.ts): the login redirect hands
 * it over once as `?session=…`; it is kept in this origin's storage — isolated by port, unlike
 * cookies — and taken out of the address bar at once.
 */
const STORAGE_KEY = 'scim-bench-session';

export function takeConsoleSession(): string | null {
  const url = new URL(location.href);
  const handed = url.searchParams.get('session');
  if (handed) {
    localStorage.setItem(STORAGE_KEY, handed);
    url.searchParams.delete('session');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  return localStorage.getItem(STORAGE_KEY);
}
