/**
 * The page half of a console session (see app/http/console-sessions.ts): the login redirect hands
 * it over once as `?session=…`; it is kept in this origin's storage — isolated by port, unlike
 * cookies — and taken out of the address bar at once.
 *
 * Threat model: any page can open this console in a new tab with an address it chose, so a token
 * in the address proves nothing. Storing it unchecked let another origin log the user out with
 * `window.open('http://127.0.0.1:7644/?session=garbage')`: every tab that read the storage next
 * sent garbage. A handed token replaces the stored one only once the console accepted it with this
 * browser's cookie (the pair the login just made); anything else is dropped and changes nothing.
 */
import { commandPath } from '../../../shared/channels';

const STORAGE_KEY = 'scim-bench-session';

/** The stored page token (read each time: another tab may have signed in since). */
export const storedConsoleSession = (): string | null => localStorage.getItem(STORAGE_KEY);

/** True when the console accepts `token` with this browser's cookie. */
async function accepted(token: string): Promise<boolean> {
  try {
    const response = await fetch(commandPath('info:get'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Console-Session': token },
      body: JSON.stringify({ input: null }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Takes a handed-over token out of the address bar and keeps it if the console accepts it.
 * Resolves to the token to use from now on (the stored one when the handed one was refused).
 */
export async function takeConsoleSession(): Promise<string | null> {
  const url = new URL(location.href);
  const handed = url.searchParams.get('session');
  if (handed !== null) {
    url.searchParams.delete('session');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    if (handed !== storedConsoleSession() && (await accepted(handed))) localStorage.setItem(STORAGE_KEY, handed);
  }
  return storedConsoleSession();
}
