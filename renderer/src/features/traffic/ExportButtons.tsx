import type { TrafficFilter } from '../../../../shared/types';
import { useBench } from '../../api/bench-context';

/** HAR and NDJSON exports of what the filters select. */
export function ExportButtons({ filter }: { filter: TrafficFilter }) {
  const bench = useBench();
  const download = async (format: 'har' | 'ndjson') => {
    const file = await bench.traffic.export(format, filter);
    const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
    const a = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <>
      <button type="button" onClick={() => void download('har')}>
        Export HAR
      </button>
      <button type="button" onClick={() => void download('ndjson')}>
        Export NDJSON
      </button>
    </>
  );
}
