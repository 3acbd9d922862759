/**
 * What went wrong in "Test connection", in words with the thing to check — for the errors people
 * meet between Entra and a bench behind a tunnel: the tunnel's name no longer resolves (a quick
 * tunnel gets a new one at each start), nothing listens, a certificate Entra would refuse too,
 * plain http where https was meant, the tunnel up but the bench behind it down, and a 401 for the
 * bench's own token (the address leads to some other server).
 */
import { tunnelTool } from '../../shared/tunnel-host';

/** How long each probe waits for an answer (a stalled tunnel must not hang the console). */
export const PROBE_TIMEOUT_MS = 15_000;

/** Where the probe went (`url`, the endpoint tested) and the bench's own endpoint, when known. */
export interface Place {
  url: string;
  benchUrl: string | null;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/;

/** "is cloudflared still running?", or whatever there is to ask for this host. */
function stillRunning(hostname: string): string {
  if (LOOPBACK.test(hostname)) return 'is something listening there?';
  return `is ${tunnelTool(hostname) ?? 'the tunnel'} still running?`;
}

const CERT_SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const CERT_UNKNOWN_ISSUER = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** A request that got no answer (fetch threw), in words. */
export function unreachableInWords(error: unknown, place: Place): string {
  const { host, hostname } = new URL(place.url);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  const running = stillRunning(hostname);
  const refusedToo = 'Entra refuses it too';
  if ((error as Error).name === 'TimeoutError')
    return `${host} did not answer within ${PROBE_TIMEOUT_MS / 1000} s — ${running}`;
  if (['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME'].includes(code)) {
    const quick = /\.trycloudflare\.com$/.test(hostname)
      ? ' A quick tunnel gets a new host name each time cloudflared starts: paste the new one.'
      : '';
    return `${hostname} does not resolve — ${running}${quick}`;
  }
  if (code === 'ECONNREFUSED') return `Nothing accepts connections at ${host} (connection refused) — ${running}`;
  if (['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(code))
    return `${host} closed the connection without answering — ${running}`;
  if (['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT'].includes(code))
    return `Could not connect to ${host} in time — ${running} Is a firewall in the way?`;
  if (CERT_SELF_SIGNED.has(code))
    return `The certificate of ${host} is self-signed, so it proves nothing and ${refusedToo}: use the tunnel's own https address`;
  if (CERT_UNKNOWN_ISSUER.has(code))
    return `The certificate of ${host} is not signed by an authority this machine knows (or its chain is incomplete); ${refusedToo}`;
  if (code === 'CERT_HAS_EXPIRED') return `The certificate of ${host} has expired; ${refusedToo}`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `The certificate of ${host} is for another name; ${refusedToo}. Is this the tunnel's host?`;
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number/i.test(cause?.message ?? ''))
    return `${host} answers in plain http, not https — give the address the tunnel prints (it adds https in front of the bench)`;
  if (/^(ERR_SSL|ERR_TLS|CERT_)/.test(code) || /certificate|handshake/i.test(cause?.message ?? ''))
    return `The secure connection to ${host} failed (${code || cause?.message}); Entra needs a valid https certificate`;
  return `Could not reach ${host}: ${code || cause?.message || (error as Error).message}`;
}

/** A status other than the `expected` one, in words; a SCIM error's own detail is quoted. */
export function statusInWords(
  answer: { status: number; body: unknown; headers: Headers },
  expected: number,
  place: Place,
): string {
  const { host, hostname, pathname } = new URL(place.url);
  const { status } = answer;
  const detail = (answer.body as { detail?: unknown } | null)?.detail;
  const said = typeof detail === 'string' ? `: "${detail}"` : '';
  if (status === 401)
    return `401 for this bench's own token${said}: ${host} leads to another SCIM server, or another SCIM Bench with its own token. (In Entra, a 401 means the Secret Token pasted there is not the current one.)`;
  if (status === 403)
    return `403 from ${host}${said}: something in front of the endpoint (an access policy on the tunnel?) forbids it, and would stop Entra too`;
  if (status === 404 && answer.headers.get('ngrok-error-code') === 'ERR_NGROK_3200')
    return `The ngrok endpoint ${host} is offline — is ngrok still running?`;
  if (status === 404)
    return `404 from ${host}${said}: nothing is at ${pathname} — does the Tenant URL end in /scim/v2?`;
  if ([502, 503, 504, 530].includes(status) && !said) {
    const target = place.benchUrl
      ? ` — does it point at ${new URL(place.benchUrl).origin}, and is SCIM Bench running?`
      : '';
    return `${status} from ${host}: the tunnel is up but cannot reach the bench${target || ` — ${stillRunning(hostname)}`}`;
  }
  return `Expected ${expected}, got ${status}${said}`;
}
