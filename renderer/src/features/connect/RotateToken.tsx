import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { endpointParam, type EndpointCredentials } from '../endpoints/use-endpoints';
import { useBench } from '../../api/bench-context';
import { queryKeys } from '../../api/query-keys';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useNow } from '../../components/use-now';

const GRACE: [number, string][] = [
  [3600, '1 hour'],
  [86_400, '1 day'],
  [7 * 86_400, '7 days'],
  [0, 'no time: it stops at once'],
];

const at = (ms: number) => new Date(ms).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/** Rotating the Secret Token, after saying what happens: Entra keeps the old one until it is pasted again. */
export function RotateToken({ endpoint }: { endpoint: EndpointCredentials }) {
  const bench = useBench();
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [grace, setGrace] = useState(3600);
  const rotate = useMutation({
    mutationFn: () => bench.info.rotateToken(grace, endpointParam(endpoint.id)),
    // The answer is the bench's info; the endpoint's new token is read back with the list.
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: queryKeys.info }),
        client.invalidateQueries({ queryKey: queryKeys.endpoints }),
      ]);
      setAsking(false);
    },
  });
  const until = useNow() + grace * 1000;

  return (
    <>
      {endpoint.previousTokenValidUntil && (
        <p className="warn" role="note" aria-label="Previous token">
          The previous token keeps working until {at(Date.parse(endpoint.previousTokenValidUntil))}. Requests that still
          use it are flagged in Traffic; paste the token above into Entra before then.
        </p>
      )}
      {!asking ? (
        <button type="button" onClick={() => (setGrace(3600), setAsking(true))}>
          Rotate the token…
        </button>
      ) : (
        <div role="group" aria-label="Rotate the token?" className="confirm">
          <p>
            <strong>Rotate the Secret Token?</strong> A new token replaces the one above. Entra keeps sending the
            current one until you paste the new one into Entra (Admin Credentials → Secret Token → Test Connection →
            Save).
          </p>
          <label>
            The current token keeps working for{' '}
            <select aria-label="Grace period" value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
              {GRACE.map(([seconds, label]) => (
                <option key={seconds} value={seconds}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <p aria-live="polite">
            {grace > 0
              ? `Until ${at(until)}: no provisioning cycle fails meanwhile, and requests that still use it are flagged in Traffic. After that they are refused (401).`
              : "Entra's requests are refused (401) from now until you paste the new token into Entra."}
          </p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
              Rotate now
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
          <ErrorMessage error={rotate.error} what="rotate the token" />
        </div>
      )}
    </>
  );
}
