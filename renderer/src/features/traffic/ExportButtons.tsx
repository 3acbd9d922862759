import { useState } from 'react';
import type { ExportFormat, TrafficFilter } from '../../../../shared/types';
import { useDesktop } from '../../api/bench-context';
import { storedConsoleSession } from '../../api/console-session';
import { ErrorMessage } from '../../components/ErrorMessage';
import './export-buttons.css';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'har', label: 'Export HAR' },
  { format: 'ndjson', label: 'Export NDJSON' },
];

/**
 * The console's streaming download route for what the filters select. A link the user clicks, so
 * the browser streams it to disk (a Blob would hold the whole export in memory) and sends it as a
 * same-origin request — the route refuses `Sec-Fetch-Site: none`, an address typed or pasted. The
 * page token goes in the query (a download cannot set headers); it is useless without the cookie.
 */
function exportHref(format: ExportFormat, filter: TrafficFilter): string {
  const params = new URLSearchParams({ format, filter: JSON.stringify(filter) });
  const session = storedConsoleSession();
  if (session) params.set('session', session);
  return `/api/traffic/export?${params}`;
}

const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** In the desktop app: the native save dialog, and main streams the export to the chosen file. */
function DesktopExports({ filter }: { filter: TrafficFilter }) {
  const desktop = useDesktop()!;
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const save = async (format: ExportFormat) => {
    setSaved(null);
    setError(null);
    try {
      const result = await desktop.saveExport(format, filter);
      if (result) setSaved(`Saved ${size(result.bytes)} to ${result.file}`);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <>
      {FORMATS.map(({ format, label }) => (
        <button key={format} type="button" onClick={() => void save(format)}>
          {label}…
        </button>
      ))}
      {saved && <span role="status">{saved}</span>}
      <ErrorMessage error={error} what="export traffic" />
    </>
  );
}

/** HAR and NDJSON exports of what the filters select, streamed and named with the time. */
export function ExportButtons({ filter }: { filter: TrafficFilter }) {
  if (useDesktop()) return <DesktopExports filter={filter} />;
  return FORMATS.map(({ format, label }) => (
    <a key={format} className="button" href={exportHref(format, filter)} download>
      {label}
    </a>
  ));
}
