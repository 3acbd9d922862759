/** A check's report as a terminal reads it, as JSON, and as JUnit XML for CI. */
import type { CheckReport } from './check-run';
import type { StepResult } from './check-step';

/**
 * The server wrote much of a report (reasons quote its `detail`, cleanup its ids): on a terminal a
 * newline would forge a line and ESC or CSI a command, so every C0 and C1 control is a space.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const plain = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');

const MARK: Record<StepResult['verdict'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

export function terminalReport(report: CheckReport): string {
  const lines = [`SCIM check of ${plain(report.baseUrl)} (${report.profiles.join(', ')})`, ''];
  if (report.stopped) lines.push(`Not run: ${plain(report.stopped)}`, '');
  for (const r of report.results) {
    lines.push(`${MARK[r.verdict]}  ${plain(r.title)}`, `      ${plain(r.reason)}`);
    if (r.advice) lines.push(`      → ${plain(r.advice)}`);
    if (r.verdict === 'fail') lines.push(`      (${plain(r.source)})`);
  }
  const { pass, fail, warn, skip } = report.counts;
  lines.push(
    '',
    `${pass} passed, ${fail} failed, ${warn} warnings, ${skip} skipped in ${(report.ms / 1000).toFixed(1)} s`,
  );
  lines.push(
    report.cleanup.left.length
      ? `Cleanup: removed ${report.cleanup.removed}; could not remove ${plain(report.cleanup.left.map((l) => `${l.type}/${l.id} (${l.why})`).join(', '))}`
      : `Cleanup: removed the ${report.cleanup.removed} object(s) the check created`,
  );
  return lines.join('\n');
}

/** One progress line: "[12/34] PASS Create the user as Entra sends it". */
export const progressLine = (r: StepResult, index: number, total: number) =>
  `[${index + 1}/${total}] ${MARK[r.verdict]} ${plain(r.title)}`;

export const jsonReport = (report: CheckReport) => JSON.stringify(report, null, 2);

/** Escaped for XML, without what XML 1.0 forbids (controls, lone surrogates, U+FFFE/FFFF): a CI's parser refuses the file. */
const xml = (text: string) =>
  text
    .replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export function junitReport(report: CheckReport): string {
  const { fail, skip } = report.counts;
  const cases = report.results.map((r) => {
    const name = `name="${xml(r.title)}" classname="scim-check.${r.profile}" time="${(r.ms / 1000).toFixed(3)}"`;
    if (r.verdict === 'fail')
      return `  <testcase ${name}><failure message="${xml(r.reason)}">${xml([r.reason, r.advice, r.source].filter(Boolean).join('\n'))}</failure></testcase>`;
    if (r.verdict === 'skip') return `  <testcase ${name}><skipped message="${xml(r.reason)}"/></testcase>`;
    if (r.verdict === 'warn')
      return `  <testcase ${name}><system-out>${xml(`WARN: ${r.reason}`)}</system-out></testcase>`;
    return `  <testcase ${name}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${xml(`SCIM check of ${report.baseUrl}`)}" tests="${report.results.length}" failures="${fail}" skipped="${skip}" time="${(report.ms / 1000).toFixed(3)}" timestamp="${report.started}">`,
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}
