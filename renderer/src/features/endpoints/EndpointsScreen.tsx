import { ErrorMessage } from '../../components/ErrorMessage';
import { useUi } from '../../state/ui-store';
import { CreateEndpoint } from './CreateEndpoint';
import { EndpointDetail } from './EndpointDetail';
import { EndpointTable } from './EndpointTable';
import { useEndpoints } from './use-endpoints';
import './endpoints.css';

/** Every endpoint of the bench: create one from a preset, and rename, pause, reset, delete or edit the selected one. */
export function EndpointsScreen() {
  const list = useEndpoints();
  const selected = useUi((s) => s.endpoint);
  const endpoints = list.data;
  const endpoint = endpoints?.find((e) => e.id === selected) ?? endpoints?.find((e) => e.isDefault);
  return (
    <section className="panel endpoints" aria-label="Endpoints">
      <h2>Endpoints</h2>
      <p className="muted">
        Each endpoint is a separate SCIM app: its own URL, token, data, profile, schema and traffic. A token of one
        never works on another.
      </p>
      <ErrorMessage error={list.error} what="list the endpoints" />
      {endpoints && (
        <>
          <CreateEndpoint />
          <EndpointTable endpoints={endpoints} selected={endpoint?.id ?? null} />
          {endpoint && <EndpointDetail key={endpoint.id} endpoint={endpoint} />}
        </>
      )}
    </section>
  );
}
