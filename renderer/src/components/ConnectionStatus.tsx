/**
 * Whether the console is connected to `serve`, said at once: a dot in the header, and a banner
 * while it is not (with when it tries again, and a way to try now). See api/connection.ts for why.
 */
import { useConnection } from '../api/bench-context';
import { useNow } from './use-now';
import './shell.css';

const WORDS = { connecting: 'Connecting…', online: 'Live', offline: 'Disconnected', 'signed-out': 'Signed out' };

export function ConnectionStatus() {
  const { state } = useConnection();
  return (
    <span className={`connection connection-${state}`} role="status" aria-label="Connection" data-state={state}>
      {WORDS[state]}
    </span>
  );
}

export function ConnectionBanner() {
  const { state, retryAt, retryNow } = useConnection();
  if (state !== 'offline' && state !== 'signed-out') return null;
  const when = <RetryIn at={retryAt} />;
  return (
    <div className="banner banner-bad" role="alert" aria-label="Disconnected">
      {state === 'offline' ? (
        <>
          <strong>SCIM Bench is not answering</strong> (serve stopped or is restarting): what you see may be out of
          date, and nothing new arrives until it is back. {when}
        </>
      ) : (
        <>
          <strong>This tab is signed out</strong>: the console key was rotated, or serve was started with another key.
          Open the Console URL SCIM Bench printed (in this browser: this tab then works again). {when}
        </>
      )}
      <button type="button" onClick={retryNow}>
        Try now
      </button>
    </div>
  );
}

/** "Trying again in 4 s.", counting down (only while the banner is up). */
function RetryIn({ at }: { at: number | null }) {
  const now = useNow(1000);
  const seconds = at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
  return seconds > 0 ? `Trying again in ${seconds} s.` : 'Trying again…';
}
