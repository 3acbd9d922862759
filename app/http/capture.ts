/**
 * Records every request that reaches the SCIM listener — including 401s, unknown routes, bad JSON
 * and oversized bodies — by watching the response as it is written. Redaction happens here, before
 * an entry exists anywhere: secrets are masked by meaning (redact.ts), then every secret found is
 * scrubbed from the rest of the entry (scrub.ts), and only then is anything cut to size.
 *
 * Bounds (threat model: anyone on the internet can send the SCIM port a request): a refused request
 * — one without valid credentials — keeps at most 4 KB of its headers and a 4 KB head of its body; every
 * entry keeps at most 20 notes of 300 characters and a sentence of 1,000.
 *
 * A request that changed nothing — it failed, or it set what was already set — keeps no before and
 * after (what-changed.ts); members a change added or removed are kept by name, at most 50 of each.
 *
 * From `res.locals` it reads: `authenticated` (true once a credential was accepted), `rawBody` (the
 * body as text: whole when authenticated, a head otherwise), `record` (false: counted elsewhere,
 * not recorded), `outcome`, `operation`, `errorDetail` and `benchNotes` (notes the middleware
 * before the service adds, e.g. the bearer check's `previous-token`).
 */
import type { NextFunction, Request, Response } from 'express';
import { markAsEnded } from '../../shared/fault-words';
import type { DialectNote, MemberChanges, MemberRef } from '../../shared/types';
import { DEFAULT_ENDPOINT_ID } from '../../shared/endpoints';
import type { FaultLocals } from '../faults/fault-answer';
import type { ReactionTracker } from '../faults/reactions';
import { secretsMatch } from '../auth/credentials';
import { isOperation } from '../../shared/operations';
import { isDeviation } from '../scim/dialect-codes';
import type { Outcome } from '../service/scim-service';
import type { NewTrafficEntry } from '../store/traffic-store';
import { describe, detectClient } from '../traffic/describe';
import { REPLAY_OF_HEADER } from '../traffic/replay';
import { recordedChange } from '../traffic/what-changed';
import {
  CONSOLE_HEADER,
  WITHHELD,
  isTooDeep,
  maskJson,
  redactBody,
  redactHeaders,
  redactParams,
} from '../traffic/redact';
import { Scrubber } from '../traffic/scrub';

export interface CaptureOptions {
  /** Largest body kept per request or response; longer ones are cut with a visible marker. */
  maxBodyBytes: number;
  record(entry: NewTrafficEntry): void;
  /** A keyed fingerprint of a presented credential, with the key of the endpoint it was presented to. */
  fingerprint(secret: string, endpoint: string | undefined): string;
  /** The per-run secret the console's own requests carry in X-Scim-Bench-Console; null: none is labelled console. */
  consoleMark: string | null;
  /** Recognises retries of faulted requests (docs/faults.md); absent: none are. */
  reactions?: ReactionTracker;
}

/** What is kept of the body of a refused request (and of the answer to it). */
export const REFUSED_BODY_BYTES = 4096;
/** What is kept of a refused request's headers, names and values together (Node accepts 16 KB of them). */
export const REFUSED_HEADER_BYTES = 4096;
/** A head that is already cut ends with the reader's own marker; it is not cut again for that. */
const MARKER_ALLOWANCE = 128;
export const MAX_NOTES = 20;
export const MAX_NOTE_CHARS = 300;
export const MAX_SENTENCE_CHARS = 1000;
/** A member's id and name as kept: names are the client's data, so they are bounded like notes. */
export const MAX_MEMBER_NAME_CHARS = 200;

const cutChars = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Cuts to `max` bytes with a marker; a secret split by the cut is masked (Scrubber.cutTail). */
function cutBytes(text: string, max: number, scrub: Scrubber): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= max) return text;
  const head = scrub.cutTail(Buffer.from(text).subarray(0, max).toString('utf8'));
  return `${head}…[truncated: ${bytes - max} more bytes]`;
}

/**
 * Headers of a refused request, cut to REFUSED_HEADER_BYTES in the order sent: threat model — the
 * internet can send 16 KB of headers with every request, and a refused one must cost the log
 * little. What was left out is said in a `[truncated]` entry.
 */
function capHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  let room = REFUSED_HEADER_BYTES;
  let left = 0;
  for (const [name, value] of Object.entries(headers)) {
    const size = Buffer.byteLength(name) + Buffer.byteLength(value);
    if (size <= room) {
      out[name] = value;
      room -= size;
    } else left++;
  }
  if (left)
    out['[truncated]'] =
      `${left} more headers were not kept (a refused request keeps ${REFUSED_HEADER_BYTES} bytes of them)`;
  return out;
}

function capNotes(notes: DialectNote[]): DialectNote[] {
  const kept = notes
    .slice(0, MAX_NOTES)
    .map((n) => ({ code: cutChars(n.code, 60), message: cutChars(n.message, MAX_NOTE_CHARS) }));
  if (notes.length > MAX_NOTES)
    kept.push({ code: 'notes-truncated', message: `${notes.length - MAX_NOTES} more notes were not kept` });
  return kept;
}

/**
 * V8's JSON errors quote the input ("Unexpected token 'H', "{"password":H…" is not valid JSON"):
 * when the body itself was withheld, so is that excerpt of it.
 */
const withoutExcerpt = (text: string) =>
  text.replace(/Unexpected token.* is not valid JSON/s, 'Unexpected token (the excerpt is withheld with the body)');

/** A positive entry id from a header, or null. */
function entryId(header: string | string[] | undefined): number | null {
  const id = typeof header === 'string' && /^[1-9]\d{0,15}$/.test(header) ? Number(header) : null;
  return id !== null && Number.isSafeInteger(id) ? id : null;
}

export function captureTraffic(options: CaptureOptions) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const time = new Date().toISOString();
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const keep = (chunk: unknown) => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk as string));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => (keep(chunk), write(chunk, ...rest))) as Response['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') keep(chunk);
      return end(chunk, ...rest);
    }) as Response['end'];

    // A fault that never answers (a reset, a held connection) is recorded when the connection closes.
    res.on('close', () => {
      if (!res.writableFinished && res.locals.fault) recordEntry(0);
    });
    res.on('finish', () => recordEntry(res.statusCode));

    const recordEntry = (status: number) => {
      if (res.locals.record === false) return; // counted in aggregate instead (a throttled failure)
      const authenticated = res.locals.authenticated === true;
      const cap = authenticated ? options.maxBodyBytes : REFUSED_BODY_BYTES + MARKER_ALLOWANCE;
      const scrub = new Scrubber();
      const found = scrub.add;
      const outcome = res.locals.outcome as Outcome | undefined;
      // What the service itself read as a secret, however the masker below reads the raw body.
      for (const secret of outcome?.secrets ?? []) found(secret);
      // Refused: cut before anything parses it, so its cost is bounded whatever was sent.
      const head = (text: string) =>
        Buffer.byteLength(text) <= cap ? text : cutBytes(text, authenticated ? cap : REFUSED_BODY_BYTES, scrub);

      // The request target exactly as received: no URL parsing, which would resolve `%2e%2e`.
      const target = req.originalUrl;
      const mark = target.indexOf('?');
      const path = mark < 0 ? target : target.slice(0, mark);
      const query = redactParams(mark < 0 ? '' : target.slice(mark + 1), found);
      // Set by the endpoint routing (scim-app.ts) before authentication; absent outside any endpoint.
      const endpoint = res.locals.endpointId as string | undefined;
      const fingerprint = (secret: string) => options.fingerprint(secret, endpoint);
      const requestHeaders = redactHeaders(req.headers, fingerprint, found);
      const responseHeaders = redactHeaders(res.getHeaders() as Record<string, string>, fingerprint, found);
      const markHeader = req.headers[CONSOLE_HEADER];
      const fromConsole =
        options.consoleMark !== null && typeof markHeader === 'string' && secretsMatch(markHeader, options.consoleMark);
      const client = detectClient(req.headers['user-agent'], query, fromConsole);
      // Only the console's own replay names what it replays: a client's header would forge the link.
      const replayOf = fromConsole ? entryId(req.headers[REPLAY_OF_HEADER]) : null;

      const sent = res.locals.rawBody as string | undefined;
      let requestBody = sent === undefined ? null : redactBody(head(sent), req.headers['content-type'], found);
      const bodyWithheld = requestBody?.startsWith(WITHHELD) ?? false;
      const answered = Buffer.concat(chunks).toString('utf8');
      let responseBody = answered
        ? redactBody(head(answered), String(res.getHeader('content-type') ?? ''), found)
        : null;
      if (bodyWithheld && responseBody) responseBody = withoutExcerpt(responseBody);

      const resource = (value: Record<string, unknown> | null | undefined) => {
        if (!value) return null;
        let masked: Record<string, unknown>;
        try {
          masked = scrub.json(maskJson(value, found));
        } catch (error) {
          if (!isTooDeep(error)) throw error;
          return { '[withheld]': 'The resource is nested too deeply to be checked for secrets' };
        }
        const bytes = Buffer.byteLength(JSON.stringify(masked));
        return bytes <= options.maxBodyBytes
          ? masked
          : { '[withheld]': `The resource is ${bytes} bytes; a traffic entry keeps at most ${options.maxBodyBytes}` };
      };
      const fault = res.locals.fault as FaultLocals | undefined;
      const faultMark = fault ? markAsEnded(fault.decision.mark, status, fault.decision.delayMs) : null;
      // A fault that applied the change records it as the service made it, whatever was answered.
      const change = recordedChange(faultMark?.applied ? fault!.realStatus : status, outcome);
      const before = resource(change.before);
      const after = resource(change.after);
      const member = (ref: MemberRef): MemberRef => ({
        id: cutChars(scrub.text(ref.id), MAX_MEMBER_NAME_CHARS),
        name: ref.name === null ? null : cutChars(scrub.text(ref.name), MAX_MEMBER_NAME_CHARS),
      });
      const members: MemberChanges | null = change.members && {
        added: change.members.added,
        removed: change.members.removed,
        addedMembers: (change.members.addedMembers ?? []).map(member),
        removedMembers: (change.members.removedMembers ?? []).map(member),
      };

      // Everything is masked by meaning now, so every secret is known: scrub it from the rest.
      const benchNotes = (res.locals.benchNotes as DialectNote[] | undefined) ?? [];
      const notes = capNotes([...benchNotes, ...(outcome?.notes ?? [])]).map((n) => ({
        code: n.code,
        message: scrub.text(n.message),
      }));
      const named: unknown = outcome?.operation ?? res.locals.operation;
      const operation = isOperation(named) ? named : 'unknown';
      const detail = res.locals.errorDetail as string | undefined;
      const sentence = describe({
        client,
        operation,
        status: faultMark?.applied ? fault!.realStatus : status,
        subject: outcome?.subject ?? null,
        resourceId: outcome?.resourceId ?? null,
        filter: new URLSearchParams(query).get('filter'),
        notes,
        detail: detail === undefined ? null : bodyWithheld ? withoutExcerpt(detail) : detail,
        members: members ?? undefined,
        unchanged: change.unchanged,
      });
      const reaction = options.reactions?.observe({
        endpoint: endpoint ?? DEFAULT_ENDPOINT_ID,
        method: req.method,
        target,
        body: sent,
        time: Date.parse(time),
        fault: faultMark,
        succeeded: status > 0 && status < 400,
      });
      const subject = outcome?.subject ? cutChars(scrub.text(outcome.subject), MAX_MEMBER_NAME_CHARS) : null;
      if (requestBody !== null) requestBody = cutBytes(scrub.text(requestBody), cap, scrub);
      if (responseBody !== null) responseBody = cutBytes(scrub.text(responseBody), cap, scrub);

      options.record({
        ...(endpoint ? { endpoint } : {}),
        time,
        client,
        method: req.method,
        path: scrub.text(path),
        query: scrub.text(query),
        status,
        authenticated,
        deviations: (outcome?.notes ?? []).filter((n) => isDeviation(n.code)).length,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        operation,
        resourceType: outcome?.resourceType ?? null,
        resourceId: outcome?.resourceId ?? null,
        sentence: cutChars(
          scrub.text(faultMark ? `${sentence} — fault "${faultMark.ruleName}": ${faultMark.did}` : sentence),
          MAX_SENTENCE_CHARS,
        ),
        requestHeaders: authenticated ? scrub.json(requestHeaders) : capHeaders(scrub.json(requestHeaders)),
        requestBody,
        responseHeaders: scrub.json(responseHeaders),
        responseBody,
        notes,
        before,
        after,
        members,
        replayOf,
        fault: faultMark,
        reaction: reaction ? { ...reaction, subject } : null,
      });
    };
    next();
  };
}
