import { useState, type FormEvent } from 'react';
import type { BenchInfo } from '../../../../shared/types';
import { parseTunnelHost } from '../../../../shared/tunnel-host';
import { CopyButton } from '../../components/CopyButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { useTunnelHost } from './use-tunnel-host';

/** A command to run, with its copy button. */
export function Command({ name, text, note }: { name: string; text: string; note?: string }) {
  return (
    <div className="command" role="group" aria-label={`${name} command`}>
      <span className="command-name">{name}</span>
      <code>{text}</code>
      <CopyButton text={text} label="Copy" />
      {note && <span className="muted">{note}</span>}
    </div>
  );
}

/** Step 1: a tunnel to the SCIM port, whether --trust-proxy is on, and the tunnel's host (remembered). */
export function TunnelStep({ info, tunnel }: { info: BenchInfo; tunnel: ReturnType<typeof useTunnelHost> }) {
  const local = new URL(info.scimUrl);
  const port = local.port;
  const [typed, setTyped] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const value = typed ?? tunnel.saved ?? '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return tunnel.save.mutate(null, { onSuccess: () => setTyped(null) });
    const parsed = parseTunnelHost(value);
    if ('problem' in parsed) return setProblem(parsed.problem);
    tunnel.save.mutate(parsed.host, { onSuccess: () => setTyped(null) });
  };
  const unsaved = typed !== null && typed.trim() !== (tunnel.saved ?? '');

  return (
    <>
      <p>
        Entra connects from Microsoft&apos;s cloud over https, so the bench&apos;s port {port} must be reachable from
        the internet. Run one of these on this machine; it prints a public https address.
      </p>
      <Command
        name="cloudflared"
        text={`cloudflared tunnel --url http://127.0.0.1:${port}`}
        note="a quick tunnel: a new trycloudflare.com name at each start"
      />
      <Command name="ngrok" text={`ngrok http ${port}`} />
      <Command name="Dev Tunnels" text={`devtunnel host -p ${port} --allow-anonymous`} />
      {info.trustProxy ? (
        <p className="ok" role="note" aria-label="Trust proxy">
          ✓ --trust-proxy is on: the resource locations the bench returns (meta.location) carry the tunnel&apos;s https
          host.
        </p>
      ) : (
        <div className="trust-off" role="note" aria-label="Trust proxy">
          <p>
            <strong>--trust-proxy is off</strong>: the resource locations the bench returns (meta.location) name{' '}
            <code>{local.origin}</code>, which only this machine can reach, instead of the tunnel&apos;s host. To turn
            it on, stop the bench (Ctrl+C where it runs) and start it again with:
          </p>
          <Command name="npm start" text="npm start -- --trust-proxy" />
          <p className="muted">
            Or set SCIM_BENCH_TRUST_PROXY=1 before starting it (serve and the desktop app). This console reconnects by
            itself; the token and everything below stay as they are.
          </p>
        </div>
      )}
      <form className="tunnel-host" onSubmit={submit}>
        <label htmlFor="tunnel-host">The public host your tunnel printed</label>
        <input
          id="tunnel-host"
          aria-label="Tunnel host"
          placeholder="bench-demo.trycloudflare.com"
          value={value}
          aria-invalid={problem !== null}
          aria-describedby={problem ? 'tunnel-host-problem' : undefined}
          onChange={(e) => (setTyped(e.target.value), setProblem(null))} // an error goes once the field changes
          spellCheck={false}
        />
        <button type="submit" disabled={tunnel.save.isPending}>
          {value.trim() ? 'Use this host' : 'Forget the host'}
        </button>
        {unsaved && <span className="muted">Not used yet: press Use this host.</span>}
      </form>
      {problem && (
        <p id="tunnel-host-problem" role="alert" className="error">
          {problem}
        </p>
      )}
      {tunnel.warning && <p className="warn">{tunnel.warning}</p>}
      <ErrorMessage error={tunnel.save.error} what="remember the host" />
    </>
  );
}
