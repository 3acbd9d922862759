/**
 * The tunnel's public host, from which the console builds the Tenant URL Entra asks for. People
 * paste what their tunnel printed — `bench-demo.trycloudflare.com`, or the whole
 * `https://bench-demo.trycloudflare.com/` — so it is normalised to `host[:port]`; anything that is
 * not a host name is refused in words, never turned into `https://not a host!/scim/v2`. Used by the
 * console as the user types and by the contract when the host is saved.
 */

export type TunnelHost =
  | { host: string; /** Valid, but Entra (in Microsoft's cloud) cannot reach it. */ warning: string | null }
  | { problem: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** Loopback and private ranges: fine for a local reverse proxy, unreachable from Entra. */
const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+)$/;

const example = 'like bench-demo.trycloudflare.com';

/** `input` as a host for the Tenant URL, or why it cannot be one. */
export function parseTunnelHost(input: string): TunnelHost {
  const text = input.trim();
  if (!text) return { problem: `Paste the public host name your tunnel printed, ${example}` };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme && scheme[1]!.toLowerCase() !== 'https')
    return { problem: `Entra connects only over https: give the tunnel's https:// address, not ${scheme[1]}://` };
  const rest = scheme ? text.slice(scheme[0].length) : text;
  const slash = rest.search(/[/?#]/);
  const hostPort = slash < 0 ? rest : rest.slice(0, slash);
  const tail = slash < 0 ? '' : rest.slice(slash);
  if (!/^(\/(scim(\/v2)?\/?)?)?$/i.test(tail))
    return { problem: `Give only the host name (${example}): the bench adds /scim/v2 itself` };
  if (hostPort.includes('@')) return { problem: 'The host must not carry a user name or password' };
  const parts = /^([^:]*)(?::(\d{1,5}))?$/.exec(hostPort);
  const port = parts?.[2] === undefined ? null : Number(parts[2]);
  if (port !== null && (port < 1 || port > 65535)) return { problem: `${parts![2]} is not a port number (1–65535)` };
  let hostname: string | null = null;
  try {
    // International names become their xn-- form; anything a URL cannot hold throws.
    if (parts?.[1]) hostname = new URL(`https://${parts[1]}`).hostname.replace(/\.$/, '');
  } catch {
    /* refused below */
  }
  const named = hostname !== null && hostname.length <= 253 && hostname.split('.').every((l) => LABEL.test(l));
  if (!hostname || !named)
    return { problem: `"${hostPort}" is not a host name: use letters, digits, hyphens and dots, ${example}` };
  if (!hostname.includes('.') && hostname !== 'localhost')
    return { problem: `"${hostname}" has no domain: give the whole public host name, ${example}` };
  return {
    host: port === null ? hostname : `${hostname}:${port}`,
    warning: LOCAL.test(hostname)
      ? `${hostname} is reachable only from this machine or its network; Entra connects from Microsoft's cloud and needs the tunnel's public host`
      : null,
  };
}

/** The two addresses Entra asks for, on the tunnel's host. */
export const tenantUrl = (host: string) => `https://${host}/scim/v2`;
export const oauthTokenUrl = (host: string) => `https://${host}/oauth/token`;

const TOOLS: [RegExp, string][] = [
  [/(^|\.)(trycloudflare\.com|cfargotunnel\.com)$/, 'cloudflared'],
  [/(^|\.)(ngrok\.io|ngrok\.app|ngrok\.dev|ngrok-free\.app|ngrok-free\.dev)$/, 'ngrok'],
  [/(^|\.)devtunnels\.ms$/, 'devtunnel'],
  [/(^|\.)loca\.lt$/, 'localtunnel'],
];

/** The tunnel program behind a public host name, when its domain says so ("cloudflared"), else null. */
export function tunnelTool(hostname: string): string | null {
  const name = hostname.toLowerCase().replace(/:\d+$/, '');
  return TOOLS.find(([domain]) => domain.test(name))?.[1] ?? null;
}
