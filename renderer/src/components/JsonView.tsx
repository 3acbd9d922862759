/** Pretty JSON (or the raw text when it is not JSON), with a copy button. */
import { CopyButton } from './CopyButton';

export const pretty = (text: string | null): string => {
  if (text === null || text === '') return '(empty)';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

export function JsonView({ text, label }: { text: string | null; label: string }) {
  return (
    <div className="json">
      <div className="json-bar">
        <span>{label}</span>
        {text ? <CopyButton text={text} /> : null}
      </div>
      <pre aria-label={label}>{pretty(text)}</pre>
    </div>
  );
}
