import { useState } from 'react';

/** Copies text to the clipboard and says so for a moment. */
export function CopyButton({
  text,
  label = 'Copy',
}: {
  text: string | (() => Promise<string | null>);
  label?: string;
}) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        const value = typeof text === 'string' ? text : await text();
        if (value === null) return;
        await navigator.clipboard.writeText(value).catch(() => undefined);
        setDone(true);
        setTimeout(() => setDone(false), 1500);
      }}
    >
      {done ? 'Copied' : label}
    </button>
  );
}
