/**
 * How a fault that fired is answered on the wire. Every answer says, in its SCIM Error detail, that
 * SCIM Bench injected it and which rule did: the identity provider's own logs (Entra's provisioning
 * log, Okta's task list) then show it beside the user's other failures.
 */
import type { Request, Response } from 'express';
import { ScimError } from '../scim/errors';
import type { ScimResponse } from '../service/scim-service';
import { holdConnection } from '../http/connection-guard';
import { SCIM_CONTENT_TYPE, sendError, sendScim } from '../http/scim-response';
import type { FaultDecision } from './injector';

/** What capture reads of a fault (res.locals.fault). */
export interface FaultLocals {
  decision: FaultDecision;
  /** The status the service answered, before the fault: what decides the change recorded. */
  realStatus: number;
}

const STATUS_WORDS: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const by = (decision: FaultDecision) => `(injected by SCIM Bench fault rule "${decision.rule.name}")`;

/** A body that is not JSON, as a proxy in front of a failing app answers. */
const NOT_JSON = '<html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>';

export function answerWithFault(req: Request, res: Response, decision: FaultDecision, response: ScimResponse): void {
  res.locals.fault = { decision, realStatus: response.status } satisfies FaultLocals;
  const { action } = decision;
  // A held or late answer is no idle socket: the listener's idle timeout (60 s) must not end it first.
  if (action.kind === 'latency' || action.kind === 'hang') req.socket.setTimeout(0);
  switch (action.kind) {
    case 'latency': {
      const timer = setTimeout(() => {
        if (!res.destroyed) sendScim(res, response.status, response.body, response.headers);
      }, decision.delayMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'throttle':
      return sendError(
        res,
        new ScimError(429, `Too many requests; retry after ${action.retryAfterSeconds} s ${by(decision)}`),
        {
          'Retry-After': String(action.retryAfterSeconds),
        },
      );
    case 'error':
    case 'applied-but-error':
      return sendError(res, new ScimError(action.status, `${STATUS_WORDS[action.status]} ${by(decision)}`));
    case 'attribute-error': {
      const detail =
        action.scimType === 'uniqueness'
          ? `The value of ${action.attribute} is already in use ${by(decision)}`
          : `The value of ${action.attribute} is not accepted ${by(decision)}`;
      return sendError(res, new ScimError(action.status, detail, action.scimType));
    }
    case 'hang': {
      // Held until the client gives up; closed at maxMs so a client that never does costs nothing forever,
      // and first to go when the listener's connection cap is reached.
      holdConnection(req.socket);
      const timer = setTimeout(() => req.socket.destroy(), action.maxMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    case 'malformed': {
      const json = response.body === undefined ? '' : JSON.stringify(response.body);
      const text = action.shape === 'truncated' ? json.slice(0, Math.floor(json.length / 2)) : NOT_JSON;
      res.statusCode = response.status;
      for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
      res.setHeader('Content-Type', action.shape === 'truncated' ? SCIM_CONTENT_TYPE : 'text/html; charset=utf-8');
      res.setHeader('Content-Length', Buffer.byteLength(text));
      res.end(text);
      return;
    }
  }
}
