/**
 * How the SCIM port answers a request that failed authentication (a bearer token or an OAuth
 * client secret): within the failure budget, with a small head of its body kept for the traffic
 * log; past it, later and without a log entry of its own; past the cap on delayed answers, with
 * 429 at once. Always on a connection that closes afterwards, so the unread rest of a body — or a
 * slow upload — cannot keep it open.
 */
import type { Request, Response } from 'express';
import type { FailureThrottle } from '../auth/failure-throttle';
import { readHead } from './read-body';

/** `answer(retryAfterS)` writes the refusal: a 401 when retryAfterS is null, else a 429. */
export async function refuse(
  req: Request,
  res: Response,
  throttle: FailureThrottle,
  answer: (retryAfterS: number | null) => void,
): Promise<void> {
  res.setHeader('Connection', 'close');
  res.once('finish', () => lingerThenClose(req));
  const verdict = throttle.onFailure();
  if (verdict.action === 'now') {
    const head = res.locals.rawBody === undefined ? await readHead(req) : undefined;
    if (head)
      res.locals.rawBody =
        head.head.toString('utf8') + (head.cut ? '…[the rest was not read: the request was refused]' : '');
    return answer(null);
  }
  res.locals.record = false; // counted by the throttle, which reports them in aggregate
  if (verdict.action === 'refuse') {
    res.setHeader('Retry-After', String(verdict.retryAfterS));
    return answer(verdict.retryAfterS);
  }
  await new Promise((resolve) => setTimeout(resolve, verdict.ms).unref());
  throttle.settled();
  if (!res.destroyed) answer(null);
}

/**
 * After the answer: give the client a moment to read it (closing with unread bytes in the kernel's
 * buffer would reset the connection and lose the answer), then close, whatever is still arriving.
 */
function lingerThenClose(req: Request): void {
  const socket = req.socket;
  req.resume(); // discard, never buffer
  setTimeout(() => socket.destroy(), 200).unref();
}
