import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Settings } from '../../../../shared/types';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useEndpoints, useSelectedEndpoint } from '../endpoints/use-endpoints';
import { FaultRules } from './FaultRules';
import { FaultSummaryPanel } from './FaultSummaryPanel';
import './faults.css';

/** Fault injection (docs/faults.md): the global switch, the selected endpoint's rules, and the client's reaction. */
export function FaultsScreen() {
  const bench = useBench();
  const client = useQueryClient();
  const selected = useSelectedEndpoint();
  const endpoints = useEndpoints();
  const endpoint = endpoints.data?.find((e) => e.id === selected?.id);
  const settings = useQuery({ queryKey: queryKeys.settings, queryFn: () => bench.settings.get() });
  const flip = useMutation({
    mutationFn: (faultsPaused: boolean) => bench.settings.update({ faultsPaused }),
    onSuccess: (next) => client.setQueryData<Settings>(queryKeys.settings, next),
  });
  const paused = settings.data?.faultsPaused ?? false;
  const ruleCount = (endpoints.data ?? []).reduce((n, e) => n + e.faults.filter((r) => r.enabled).length, 0);
  return (
    <section className="faults-screen" aria-labelledby="faults-title">
      <h2 id="faults-title">Faults</h2>
      <p>
        Make the endpoint misbehave on purpose — throttle, fail, hang, refuse an attribute — and watch how the identity
        provider reacts: its retries, their delays, whether it honours Retry-After. The console&apos;s own requests are
        never faulted.
      </p>
      <div className={`faults-switch ${paused ? 'paused' : 'on'}`} role="status" aria-label="Faults switch">
        <strong>
          {paused
            ? 'Faults are paused on every endpoint: every request is answered normally.'
            : `Faults are on: ${ruleCount} ${ruleCount === 1 ? 'rule' : 'rules'} enabled across the endpoints.`}
        </strong>{' '}
        <button type="button" onClick={() => flip.mutate(!paused)} disabled={!settings.data || flip.isPending}>
          {paused ? 'Resume faults' : 'Pause faults on every endpoint'}
        </button>
      </div>
      <ErrorMessage error={settings.error ?? flip.error} what="read or change the faults switch" />
      {endpoint ? (
        <>
          <FaultRules endpoint={endpoint} />
          <FaultSummaryPanel endpoint={endpoint.id} />
        </>
      ) : (
        <p className="empty">Reading the endpoints…</p>
      )}
    </section>
  );
}
