/**
 * The SCIM listener: what users expose through a tunnel. It serves SCIM and nothing else — the
 * console is a different listener (or IPC), never reachable from here.
 *
 * Order matters (docs/security.md): capture watches everything; the path decides the endpoint
 * (endpoint-route.ts), whose credentials alone are then tried; the OAuth token endpoint reads its
 * small form body; every other request is authenticated from its headers alone before a byte of
 * its body is read (requireBearer); only then is the body read, decoded within limits and parsed.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { MAX_BODY_BYTES } from '../scim/discovery';
import { ScimError, badRequest } from '../scim/errors';
import { parseJsonBody } from '../scim/json-body';
import { allowedMethods, type ScimService } from '../service/scim-service';
import type { NewTrafficEntry } from '../store/traffic-store';
import type { FaultInjector } from '../faults/injector';
import { answerWithFault } from '../faults/fault-answer';
import { handleWithFaults } from '../faults/faulted-request';
import type { ReactionTracker } from '../faults/reactions';
import { detectClient } from '../traffic/describe';
import { CONSOLE_HEADER } from '../traffic/redact';
import { secretsMatch } from '../auth/credentials';
import { requireBearer } from '../auth/bearer';
import type { Credentials } from '../auth/credentials';
import { FailureThrottle } from '../auth/failure-throttle';
import { TOKEN_PATH, tokenEndpoint } from '../auth/oauth-token';
import { captureTraffic } from './capture';
import { routeOf, type EndpointRoute } from './endpoint-route';
import { trustConnection } from './connection-guard';
import { readBody, type BodyLimits } from './read-body';
import { sendError, sendScim } from './scim-response';

/** One endpoint as the listener serves it. */
export interface ScimEndpoint {
  id: string;
  service: ScimService;
  credentials: Credentials;
  /** Its fault rules in action (docs/faults.md). */
  faults: FaultInjector;
  /** Runs `work` in one transaction of its database: a fault that answers before the change rolls it back. */
  transaction<T>(work: () => T): T;
  /** Why this endpoint is not serving (paused), or null. */
  unavailable(): string | null;
}

export interface ScimAppOptions {
  /** The endpoint named in the path (null: the default endpoint), or null when there is none by that name. */
  endpoint(name: string | null): ScimEndpoint | null;
  /** A keyed fingerprint of a presented credential, keyed by the endpoint it was presented to. */
  fingerprint(secret: string, endpointId: string | undefined): string;
  /** Where traffic entries go; null turns capture off (benchmarks only). */
  record: ((entry: NewTrafficEntry) => void) | null;
  /** Trust X-Forwarded-Proto/Host (set when the bench sits behind a tunnel). */
  trustProxy: boolean;
  maxCapturedBodyBytes: number;
  /** The per-run secret that labels the console's own requests in traffic (X-Scim-Bench-Console). */
  consoleMark?: string | null;
  /** Recognises the client's retries of faulted requests, for traffic (docs/faults.md). */
  reactions?: ReactionTracker;
  /** Why no endpoint is serving right now (all paused, restoring), or null when they are. */
  unavailable: () => string | null;
  onError: (error: unknown) => void;
  /** Something the user should know, said once (a limit reached, failures throttled). */
  onWarning: (message: string) => void;
}

const JSON_TYPES = /^application\/(scim\+)?json\b/i;
/** Decoded bodies: the advertised maxPayloadSize; compressed ones at most 100:1 past 1 MB. */
export const BODY_LIMITS: BodyLimits = { maxBytes: MAX_BODY_BYTES, maxRatio: 100, ratioFloorBytes: 1024 * 1024 };

export function createScimApp(options: ScimAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // SCIM ETags are resource versions, set by the service
  app.set('trust proxy', options.trustProxy);
  const throttle = new FailureThrottle(undefined, options.onWarning);

  if (options.record)
    app.use(
      captureTraffic({
        maxBodyBytes: options.maxCapturedBodyBytes,
        record: options.record,
        fingerprint: options.fingerprint,
        consoleMark: options.consoleMark ?? null,
        ...(options.reactions ? { reactions: options.reactions } : {}),
      }),
    );
  // The endpoint is decided by the path before any credential is looked at; outside every
  // endpoint (an unknown path) the default endpoint's credentials apply, as before endpoints.
  app.use((req, res, next) => {
    const route = routeOf(req.path);
    let endpoint: ScimEndpoint | null = null;
    try {
      endpoint = options.endpoint(route?.name ?? null);
    } catch (error) {
      // An endpoint that cannot be built (its credentials file damaged, the database mid-swap in a
      // restore) is answered like no endpoint at all, 401, never a 500 that tells its name exists.
      const unavailable = options.unavailable();
      if (unavailable) {
        res.locals.operation = 'unavailable';
        return sendError(res, new ScimError(503, unavailable), { 'Retry-After': '5' });
      }
      options.onError(error);
    }
    res.locals.route = route;
    res.locals.endpoint = endpoint;
    if (endpoint) res.locals.endpointId = endpoint.id;
    next();
  });
  const endpointOf = (res: Response) => res.locals.endpoint as ScimEndpoint | null;
  app.post(
    [TOKEN_PATH, '/scim/:name/oauth/token'],
    tokenEndpoint((res) => endpointOf(res)?.credentials ?? null, throttle),
  );
  app.use(requireBearer((token, res) => endpointOf(res)?.credentials.accepts(token) ?? null, throttle));
  app.use(async (req, res, next) => {
    trustConnection(req.socket);
    try {
      const body = await readBody(req, BODY_LIMITS);
      if (body?.length) res.locals.rawBody = body.toString('utf8');
      next();
    } catch (error) {
      res.setHeader('Connection', 'close'); // the rest of an oversized body is not read
      next(error);
    }
  });

  app.use((req, res, next) => {
    const route = res.locals.route as EndpointRoute | null;
    const endpoint = endpointOf(res);
    if (!route?.base || !endpoint) return next();
    const unavailable = options.unavailable() ?? endpoint.unavailable();
    if (unavailable) {
      res.locals.operation = 'unavailable';
      sendError(res, new ScimError(503, unavailable), { 'Retry-After': '5' });
      return;
    }
    // With --trust-proxy, Express reads X-Forwarded-Proto/Host, so locations carry the tunnel's host.
    const baseUrl = `${req.protocol}://${req.host ?? 'localhost'}${route.base}`;
    const path = route.rest;
    if (!decodable(path))
      throw badRequest(`The path ${path} is not valid percent-encoding (RFC 3986 §2.1)`, 'invalidPath');
    // A wrong method is answered as 405 whatever the body holds: the service refuses it unparsed.
    const allowed = allowedMethods(path);
    const body = allowed?.includes(req.method.toUpperCase()) ? parseBody(req, res) : undefined;
    const client = clientOf(req, options.consoleMark ?? null);
    const { response, decision } = handleWithFaults(
      endpoint,
      {
        method: req.method,
        path,
        query: queryOf(req),
        body,
        baseUrl,
        ...(req.get('if-match') ? { ifMatch: req.get('if-match')! } : {}),
        ...(req.get('if-none-match') ? { ifNoneMatch: req.get('if-none-match')! } : {}),
        ...(typeof res.locals.rawBody === 'string' ? { bodyBytes: Buffer.byteLength(res.locals.rawBody) } : {}),
      },
      client,
    );
    res.locals.outcome = response.outcome;
    if (response.status >= 400) res.locals.errorDetail = (response.body as { detail?: string }).detail;
    if (decision) answerWithFault(req, res, decision, response);
    else sendScim(res, response.status, response.body, response.headers);
  });

  app.use((req, res) => {
    res.locals.operation = 'not-found';
    sendError(
      res,
      new ScimError(404, `There is nothing at ${req.path}. The SCIM endpoint is /scim/v2 (for example /scim/v2/Users)`),
    );
  });

  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const scim = toScimError(error);
    res.locals.operation ??= scim.status === 413 ? 'too-large' : scim.status >= 500 ? 'server-error' : 'bad-request';
    if (scim.status >= 500) options.onError(error);
    sendError(res, scim);
  });
  return app;
}

/** Who sent it, as capture will name it: the console only with this run's mark (console-mark.ts). */
function clientOf(req: Request, consoleMark: string | null) {
  const mark = req.headers[CONSOLE_HEADER];
  const fromConsole = consoleMark !== null && typeof mark === 'string' && secretsMatch(mark, consoleMark);
  const target = req.originalUrl;
  const query = target.includes('?') ? target.slice(target.indexOf('?') + 1) : '';
  return detectClient(req.headers['user-agent'], query, fromConsole);
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** JSON bodies only, parsed here so that malformed ones become a SCIM 400 (and are still recorded). */
function parseBody(req: Request, res: Response): unknown {
  const text = res.locals.rawBody as string | undefined;
  if (text === undefined) {
    if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH')
      if (!/\/\.search$/.test(req.path))
        throw badRequest('The request has no body; send a JSON object', 'invalidSyntax');
    return undefined;
  }
  const type = req.get('content-type') ?? '';
  if (!JSON_TYPES.test(type))
    throw new ScimError(415, `Content-Type must be application/scim+json or application/json, got "${type || 'none'}"`);
  return parseJsonBody(text);
}

/**
 * Query parameters, each given once. Express turns `filter=a&filter=b` into an array; taking one
 * silently (or neither, as before) answers a question the client did not ask.
 */
function queryOf(req: Request): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.query)) {
    if (Array.isArray(value))
      throw badRequest(`The query parameter ${name} is given ${value.length} times; give it once`, 'invalidValue');
    query[name] = typeof value === 'string' ? value : undefined;
  }
  return query;
}

function toScimError(error: unknown): ScimError {
  if (error instanceof ScimError) return error;
  const e = error as { status?: number };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new ScimError(e.status, 'The request could not be read');
  return new ScimError(
    500,
    'SCIM Bench failed to handle this request; the error is in its log. Changes made before the failure, if any, are in the traffic log.',
  );
}
