/** What to do next when nothing has arrived yet: the first thing a new user sees, with the way on. */
import './shell.css';
import { useUi } from '../state/ui-store';

export function Onboarding({ what = 'No requests yet.' }: { what?: string }) {
  const go = useUi((state) => state.go);
  return (
    <section className="onboarding" aria-label="Getting started">
      <p>
        <strong>{what}</strong> Next: expose the SCIM port (a tunnel), then paste the <em>Tenant URL</em> and the{' '}
        <em>Secret Token</em> into Entra (Enterprise application → Provisioning → Admin Credentials) and press{' '}
        <em>Test Connection</em>. Every request Entra sends appears here as it arrives.
      </p>
      <button type="button" onClick={() => go('connect')}>
        Show me how (Connect)
      </button>
    </section>
  );
}
