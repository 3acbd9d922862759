/**
 * The check's report as one self-contained HTML page: no script, no external resource, every value
 * escaped — the server under test wrote much of what it shows, and the page may be opened anywhere.
 */
import type { Exchange } from './check-http';
import type { CheckReport } from './check-run';
import type { StepResult } from './check-step';

const html = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);

/** What is shown of an answer's body: enough to see what went wrong. */
const SHOWN_BODY_CHARS = 4000;

function exchange(ex: Exchange): string {
  const sent = ex.requestBody === null ? '' : `<pre>${html(JSON.stringify(ex.requestBody, null, 2))}</pre>`;
  const text = ex.responseText ?? '';
  const got = text
    ? `<pre>${html(text.length > SHOWN_BODY_CHARS ? `${text.slice(0, SHOWN_BODY_CHARS)}… (${text.length} characters)` : text)}</pre>`
    : '';
  const status = ex.status === null ? html(ex.problem ?? 'no answer') : `${ex.status} ${html(ex.contentType ?? '')}`;
  return `<details><summary><code>${html(ex.method)} ${html(ex.path)}</code> → ${status} (${ex.ms} ms)</summary>${sent}${got}</details>`;
}

function step(r: StepResult): string {
  return `<section class="${r.verdict}">
<h3><span class="verdict">${r.verdict.toUpperCase()}</span> ${html(r.title)}</h3>
<p>${html(r.reason)}</p>${r.advice ? `<p class="advice">${html(r.advice)}</p>` : ''}
<p class="source">${html(r.profile)} · ${html(r.source)} · <code>${html(r.id)}</code></p>
${r.exchanges.map(exchange).join('\n')}
</section>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
section{border-left:4px solid #8c959f;padding:.25rem 1rem;margin:1rem 0}
.pass{border-color:#1a7f37}.fail{border-color:#cf222e}.warn{border-color:#9a6700}.skip{border-color:#8c959f}
.verdict{font-size:.8em;font-weight:700;margin-right:.5em}.advice{font-weight:600}.source{color:#57606a;font-size:.9em}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:20rem}summary{cursor:pointer}`;

export function htmlReport(report: CheckReport): string {
  const { pass, fail, warn, skip } = report.counts;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>SCIM check of ${html(report.baseUrl)}</title><style>${STYLE}</style></head>
<body><h1>SCIM check of <code>${html(report.baseUrl)}</code></h1>
<p>${html(report.profiles.join(', '))} · ${html(report.started)} · ${(report.ms / 1000).toFixed(1)} s</p>
<p><strong>${pass} passed, ${fail} failed, ${warn} warnings, ${skip} skipped.</strong>
Cleanup: removed ${report.cleanup.removed}${report.cleanup.left.length ? `; could not remove ${html(report.cleanup.left.map((l) => `${l.type}/${l.id}`).join(', '))}` : ''}.</p>
${report.stopped ? `<p class="advice">${html(report.stopped)}</p>` : ''}
${report.results.map(step).join('\n')}
</body></html>
`;
}
