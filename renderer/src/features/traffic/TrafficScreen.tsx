import { TrafficDetail } from './TrafficDetail';
import { TrafficFilters } from './TrafficFilters';
import { TrafficTable } from './TrafficTable';

export function TrafficScreen({ scimUrl }: { scimUrl: string | undefined }) {
  return (
    <div className="split">
      <section className="traffic" aria-label="Traffic">
        <TrafficFilters />
        <TrafficTable
          emptyHint={`No traffic yet — point Entra or Okta at ${scimUrl ?? 'the SCIM endpoint'} with the token from Connect, or send a request with curl.`}
        />
      </section>
      <TrafficDetail />
    </div>
  );
}
