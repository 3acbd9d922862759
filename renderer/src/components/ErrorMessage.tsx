/** An engine error as a message a person can act on, never a blank screen. */
export function ErrorMessage({ error, what }: { error: unknown; what: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p role="alert" className="error">
      Could not {what}: {message}
    </p>
  );
}
