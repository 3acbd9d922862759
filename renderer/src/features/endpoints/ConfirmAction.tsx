import { useState, type ReactNode } from 'react';

/**
 * A button that asks first: it opens a box that says what will happen, with the action and
 * Cancel. The box stays until the engine answered (`busy`), so nothing looks done before it is.
 */
export function ConfirmAction({
  label,
  question,
  action,
  busy,
  onConfirm,
  children,
}: {
  label: string;
  question: string;
  action: string;
  busy: boolean;
  onConfirm(done: () => void): void;
  children: ReactNode;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <div role="group" aria-label={question} className="confirm">
      <p>
        <strong>{question}</strong>
      </p>
      {children}
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={() => onConfirm(() => setAsking(false))}>
          {action}
        </button>
        <button type="button" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
