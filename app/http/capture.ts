/**
 * Records every request that reaches the SCIM listener — including 401s, unknown routes, bad JSON
 * and oversized bodies — by watching the response as it is written. Redaction happens here, before
 * an entry exists anywhere.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Outcome } from '../service/scim-service';
import type { NewTrafficEntry } from '../store/traffic-store';
import { describe, detectClient } from '../traffic/describe';
import { redactBody, redactHeaders } from '../traffic/redact';

export interface CaptureOptions {
  /** Largest body kept per request or response; longer ones are cut with a visible marker. */
  maxBodyBytes: number;
  record(entry: NewTrafficEntry): void;
}

const truncate = (text: string, max: number) =>
  Buffer.byteLength(text) <= max
    ? text
    : `${Buffer.from(text).subarray(0, max).toString('utf8')}…[truncated: ${Buffer.byteLength(text) - max} more bytes]`;

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

    res.on('finish', () => {
      if (res.locals.record === false) return; // counted in aggregate instead (a throttled failure)
      const outcome = res.locals.outcome as Outcome | undefined;
      // The target exactly as received: new URL() would resolve `%2e%2e` segments, and the log (and
      // a replay of it) would then name a request nobody sent.
      const [rawPath = '', ...rest] = req.originalUrl.split('?');
      const query = rest.join('?');
      const client = detectClient(
        req.headers['user-agent'],
        query,
        req.headers['x-scim-bench-client'] as string | undefined,
      );
      const operation = outcome?.operation ?? (res.locals.operation as string | undefined) ?? 'unknown';
      const requestBody = (res.locals.rawBody as string | undefined) ?? null;
      const responseBody = Buffer.concat(chunks).toString('utf8');
      const notes = outcome?.notes ?? [];
      options.record({
        time,
        client,
        method: req.method,
        path: rawPath,
        query,
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        operation,
        resourceType: outcome?.resourceType ?? null,
        resourceId: outcome?.resourceId ?? null,
        sentence: describe({
          client,
          operation,
          status: res.statusCode,
          subject: outcome?.subject ?? null,
          resourceId: outcome?.resourceId ?? null,
          filter: new URLSearchParams(query).get('filter'),
          notes,
          detail: (res.locals.errorDetail as string | undefined) ?? null,
          members: outcome?.members,
        }),
        requestHeaders: redactHeaders(req.headers),
        requestBody:
          requestBody === null
            ? null
            : truncate(redactBody(requestBody, req.headers['content-type']), options.maxBodyBytes),
        responseHeaders: redactHeaders(res.getHeaders() as Record<string, string>),
        responseBody: responseBody
          ? truncate(redactBody(responseBody, String(res.getHeader('content-type') ?? '')), options.maxBodyBytes)
          : null,
        notes,
        before: outcome?.before ?? null,
        after: outcome?.after ?? null,
        members: outcome?.members ?? null,
      });
    });
    next();
  };
}
