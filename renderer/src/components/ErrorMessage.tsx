/**
 * An engine error as a message a person can act on, never a blank screen. It goes when the user
 * moves on: another screen, a retry that succeeded (the caller's error is then null), or Dismiss.
 */
import { useState } from 'react';
import { useUi } from '../state/ui-store';

export function ErrorMessage({ error, what }: { error: unknown; what: string }) {
  const screen = useUi((state) => state.screen);
  // The screen each error was first shown on, and whether it was dismissed.
  const [shown, setShown] = useState<{ error: unknown; screen: string; dismissed: boolean } | null>(null);
  if (!error) return null;
  if (shown?.error !== error) {
    setShown({ error, screen, dismissed: false }); // a new error: shown where it happened
    return null;
  }
  if (shown.dismissed) return null;
  if (shown.screen !== screen) {
    setShown({ ...shown, dismissed: true }); // the user moved on: coming back does not bring it back
    return null;
  }
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p role="alert" className="error">
      Could not {what}: {message}{' '}
      <button type="button" className="link" onClick={() => setShown({ ...shown, dismissed: true })}>
        Dismiss
      </button>
    </p>
  );
}
