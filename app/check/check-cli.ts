/**
 * `scim-bench check <base-url>`: grades a SCIM server the way Entra and Okta will use it
 * (docs/check.md). Exit code 0 when nothing failed, 1 when a step failed or the check could not
 * run, 2 for a usage error.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from '../launch-options';
import { addSecret, type CheckTarget } from './check-http';
import { runCheck, type CheckReport } from './check-run';
import type { CheckProfile } from './check-step';
import { CHECK_STEPS, profilesFor } from './check-steps';
import { jsonReport, junitReport, progressLine, terminalReport } from './check-report';
import { htmlReport } from './check-html';
import { clientCredentials } from './oauth-client';

export const CHECK_USAGE = `Usage: scim-bench check <base-url> [options]

  --token T                   the bearer token (or SCIM_BENCH_CHECK_TOKEN, kept out of shell history)
  --client-id ID --client-secret S --token-url URL
                              OAuth 2.0 client credentials instead of a token
  --profile entra|okta|rfc|all  which requests to send (default: all)
  --report json|junit|html    also write a report (to --out, or standard output)
  --out FILE                  where --report goes
  --allow-existing            run even if the server holds objects named scimcheck-…
  --timeout SECONDS           per request (default 15)

Creates only objects named scimcheck-<run>-… and removes them at the end, even when interrupted.`;

export interface CheckCommand {
  baseUrl: string;
  target: CheckTarget;
  profiles: CheckProfile[];
  report: 'json' | 'junit' | 'html' | null;
  out: string | null;
  allowExisting: boolean;
}

export function parseCheck(argv: string[], env: NodeJS.ProcessEnv = process.env): CheckCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        token: { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'token-url': { type: 'string' },
        profile: { type: 'string', default: 'all' },
        report: { type: 'string' },
        out: { type: 'string' },
        'allow-existing': { type: 'boolean', default: false },
        timeout: { type: 'string', default: '15' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  const [url, ...rest] = positionals;
  if (!url) throw new UsageError('check needs the SCIM base URL: scim-bench check https://app.example.com/scim/v2');
  if (rest.length) throw new UsageError(`Unexpected argument '${rest[0]}'`);
  const base = secretUrl(url, 'the base URL', 'your token');
  if (base.search) throw new UsageError(`${url}: give the base URL alone, without a query`);
  const profile = values.profile as string;
  if (!['entra', 'okta', 'rfc', 'all'].includes(profile))
    throw new UsageError(`--profile must be entra, okta, rfc or all`);
  const report = values.report ?? null;
  if (report !== null && report !== 'json' && report !== 'junit' && report !== 'html')
    throw new UsageError('--report must be json, junit or html');
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout < 1 || timeout > 300)
    throw new UsageError('--timeout must be 1 to 300 seconds');
  const token = values.token ?? env.SCIM_BENCH_CHECK_TOKEN;
  const oauth = [values['client-id'], values['client-secret'], values['token-url']];
  if (oauth.some(Boolean) && !oauth.every(Boolean))
    throw new UsageError('OAuth needs --client-id, --client-secret and --token-url together');
  if (values['token-url']) secretUrl(values['token-url'], '--token-url', 'the client secret');
  if (!token && !oauth.every(Boolean))
    throw new UsageError('give --token (or SCIM_BENCH_CHECK_TOKEN), or OAuth client credentials');
  const baseUrl = base.href.replace(/\/+$/, '');
  const authorization = token
    ? async () => `Bearer ${token}`
    : clientCredentials(values['token-url']!, values['client-id']!, values['client-secret']!, timeout * 1000);
  const target: CheckTarget = { baseUrl, authorization, userAgent: 'SCIM Bench check', timeoutMs: timeout * 1000 };
  if (values['client-secret']) addSecret(target, values['client-secret']); // the app behind the token URL may echo it
  return {
    baseUrl,
    target,
    profiles: profilesFor(profile as CheckProfile | 'all'),
    report,
    out: values.out ?? null,
    allowExisting: values['allow-existing'] as boolean,
  };
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** A URL the check sends a secret to: https, or plain http only to this machine; no credentials or fragment. */
function secretUrl(url: string, what: string, secret: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${what}: '${url}' is not a URL`);
  }
  const http = parsed.protocol === 'http:' && LOOPBACK.includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !http)
    throw new UsageError(`${what} ${url}: use https:// (plain http only to this machine: the check sends ${secret})`);
  if (parsed.username || parsed.password || parsed.hash)
    throw new UsageError(`${what} ${url}: give the URL alone, without credentials or fragment`);
  return parsed;
}

/** Runs the check with a progress line on stderr; answers the exit code. */
export async function check(command: CheckCommand): Promise<number> {
  const interrupt = new AbortController();
  const onSignal = () => {
    process.stderr.write('\nInterrupted: removing what the check created…\n');
    interrupt.abort();
  };
  process.once('SIGINT', onSignal);
  let report: CheckReport;
  try {
    report = await runCheck({
      target: command.target,
      steps: [...CHECK_STEPS],
      profiles: command.profiles,
      allowExisting: command.allowExisting,
      signal: interrupt.signal,
      onStep: (result, index, total) => {
        if (process.stderr.isTTY) process.stderr.write(`\r\u001b[2K${progressLine(result, index, total)}`);
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
  }
  if (process.stderr.isTTY) process.stderr.write('\r\u001b[2K');
  console.log(terminalReport(report));
  if (command.report) {
    const text = { json: jsonReport, junit: junitReport, html: htmlReport }[command.report](report);
    if (command.out) writeFileSync(command.out, text);
    else console.log(text);
  }
  return report.stopped || report.counts.fail > 0 ? 1 : 0;
}
