/**
 * Which endpoint a request is for, from its path alone: it is decided before authentication, so
 * that only that endpoint's credentials are tried.
 *
 *   /scim/v2/…, /scim/…          the default endpoint (the original URLs: nothing set up breaks)
 *   /oauth/token                 the default endpoint's OAuth token URL
 *   /scim/<name>/v2/…            endpoint <name>
 *   /scim/<name>/oauth/token     its OAuth token URL
 *
 * A name that is not an endpoint is not told apart from a wrong credential (401), so the names of
 * endpoints cannot be discovered through the tunnel.
 */
import { RESERVED_NAMES } from '../../shared/endpoints';
import { TOKEN_PATH } from '../auth/oauth-token';

export interface EndpointRoute {
  /** The endpoint's name in the path, or null for the default endpoint. */
  name: string | null;
  /** The SCIM base the path was under (`/scim/v2`, `/scim`, `/scim/<name>/v2`), null for the token URL. */
  base: string | null;
  /** The path below the base (`/Users/1`), or the token path. */
  rest: string;
}

const NAMED = /^\/scim\/([^/]+)(\/v2(?:\/.*)?|\/oauth\/token)$/i;
const reserved = new Set<string>(RESERVED_NAMES);

export function routeOf(path: string): EndpointRoute | null {
  if (path === TOKEN_PATH) return { name: null, base: null, rest: TOKEN_PATH };
  const named = NAMED.exec(path);
  if (named && !reserved.has(named[1]!.toLowerCase())) {
    const [, name, tail] = named as unknown as [string, string, string];
    if (tail.toLowerCase() === TOKEN_PATH) return { name, base: null, rest: TOKEN_PATH };
    return { name, base: `/scim/${name}/v2`, rest: tail.slice(3) || '/' };
  }
  for (const base of ['/scim/v2', '/scim'])
    if (path === base || path.startsWith(`${base}/`)) return { name: null, base, rest: path.slice(base.length) || '/' };
  return null;
}
