/**
 * Reading request bodies on the SCIM port, which faces the internet through the user's tunnel.
 *
 * Threat model: before the credential is checked, a request costs us no more than its headers and
 * a small head of its body — never a decompression (41 bytes of brotli inflate to 10 MB) and never
 * a wait for a slow upload. After it is checked, a body may be compressed, but its decoded size is
 * capped, and so is the ratio of decoded to received bytes, so memory grows at most linearly in
 * what a client sent.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { ScimError, badRequest } from '../scim/errors';

export interface BodyLimits {
  /** Largest decoded body. */
  maxBytes: number;
  /** Largest decoded/received ratio once the decoded body passes `ratioFloorBytes`; 0 refuses compressed bodies. */
  maxRatio: number;
  /** Bodies that decode to less than this are never refused for their ratio. */
  ratioFloorBytes: number;
  /** When set: the whole body must be in within this many ms, or the read rejects with a 408. */
  deadlineMs?: number;
}

/** The head of an unauthenticated body that is kept for the traffic log. */
export const REFUSED_HEAD_BYTES = 4096;
const HEAD_WAIT_MS = 500;

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** `identity` or none → null; a supported coding → its name; anything else → 415. */
function contentCoding(req: IncomingMessage): string | null {
  const coding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (!coding || coding === 'identity') return null;
  if (!DECODERS[coding])
    throw new ScimError(
      415,
      `Content-Encoding "${coding}" is not supported; send the body as is, or gzip, deflate or br`,
    );
  return coding;
}

/** For bodies read before authentication (the OAuth token request): no decoding at all. */
function identityOnly(req: IncomingMessage): null {
  if (contentCoding(req)) throw new ScimError(415, 'Send this request without Content-Encoding');
  return null;
}

const tooLarge = (limits: BodyLimits) =>
  new ScimError(413, `The body is more than ${limits.maxBytes} bytes, the limit (see /ServiceProviderConfig)`);

/** Whether the request announces a body at all. */
export const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * Reads and decodes the whole body of an authenticated request. Resolves with undefined when there
 * is none; rejects with a ScimError (413, 415, 400) and stops reading as soon as a limit is passed.
 */
export async function readBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer | undefined> {
  if (!hasBody(req)) return undefined;
  if (limits.deadlineMs === undefined) return readAll(req, limits);
  // A body sent a byte a second must not hold the connection for the whole request timeout. On
  // the deadline the read is abandoned (paused, its end ignored) and the caller answers and closes.
  const reading = readAll(req, limits);
  reading.catch(() => {}); // it may still fail once abandoned, when the connection closes
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      req.pause();
      reject(new ScimError(408, `The body did not arrive within ${limits.deadlineMs! / 1000} s`));
    }, limits.deadlineMs);
  });
  try {
    return await Promise.race([reading, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function readAll(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const coding = limits.maxRatio > 0 ? contentCoding(req) : identityOnly(req);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limits.maxBytes) throw tooLarge(limits);
  let received = 0;
  if (coding) req.on('data', (chunk: Buffer) => (received += chunk.length)); // beside pipe(), which also reads 'data'
  const decoded = (coding ? req.pipe(DECODERS[coding]!()) : req) as Readable;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limits.maxBytes) throw tooLarge(limits);
      if (coding && size > limits.ratioFloorBytes && size > received * limits.maxRatio)
        throw new ScimError(
          413,
          `The ${coding} body decodes to more than ${limits.maxRatio} times its compressed size; send it uncompressed`,
        );
      chunks.push(chunk);
    }
  } catch (error) {
    if (decoded !== req) (decoded as Readable).destroy();
    if (error instanceof ScimError) throw error;
    if (coding) throw badRequest(`The body is not valid ${coding}: ${(error as Error).message}`, 'invalidSyntax');
    throw new ScimError(400, 'The request body could not be read (the connection ended early)');
  }
  return Buffer.concat(chunks);
}

/**
 * A head of the body of a request that will be refused, for the traffic log: at most
 * REFUSED_HEAD_BYTES of what has arrived within a short wait, never decoded. Resolves with the
 * head and whether more was (or may still be) on its way.
 */
export function readHead(req: IncomingMessage): Promise<{ head: Buffer; cut: boolean } | undefined> {
  if (!hasBody(req) || req.readableEnded || req.headers['content-encoding']) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (cut: boolean) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      const head = Buffer.concat(chunks);
      resolve({ head: head.subarray(0, REFUSED_HEAD_BYTES), cut: cut || head.length > REFUSED_HEAD_BYTES });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= REFUSED_HEAD_BYTES) finish(true);
    };
    const onEnd = () => finish(false);
    const timer = setTimeout(() => finish(true), HEAD_WAIT_MS);
    req.on('data', onData);
    req.on('end', onEnd);
  });
}
