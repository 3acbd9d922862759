import type { ReplayRequest } from '../../../../shared/api';

/** The request replay will send, as it goes on the wire (secrets as placeholders), to confirm before sending. */
export function ReplayPreview({
  request,
  sending,
  onSend,
  onCancel,
}: {
  request: ReplayRequest;
  sending: boolean;
  onSend(): void;
  onCancel(): void;
}) {
  const text = [
    `${request.method} ${request.target}`,
    ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`),
    ...(request.body === null ? [] : ['', request.body]),
  ].join('\n');
  return (
    <section aria-label="Replay preview" className="replay-preview">
      <h3>Replay sends this to the SCIM endpoint, with the current token:</h3>
      <pre>{text}</pre>
      <div className="actions">
        <button type="button" className="danger" onClick={onSend} disabled={sending}>
          Send it
        </button>
        <button type="button" onClick={onCancel} disabled={sending}>
          Cancel
        </button>
      </div>
    </section>
  );
}
