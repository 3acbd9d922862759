/**
 * `scim-bench check` as the console sees it: a run's report, step by step (docs/check.md). The
 * checker itself is app/check/.
 */
export type CheckProfile = 'entra' | 'okta' | 'rfc';
export type Verdict = 'pass' | 'fail' | 'warn' | 'skip';

/** One exchange as the report shows it (the token never appears: the Authorization header is not kept). */
export interface Exchange {
  method: string;
  /** Below the base URL: `/Users?filter=…`. */
  path: string;
  requestBody: unknown;
  status: number | null;
  contentType: string | null;
  /** The body as text (cut at MAX_BODY_BYTES), or null when there was no answer. */
  responseText: string | null;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
  headers: Record<string, string>;
  ms: number;
  /** Why there is no usable answer: a timeout, a refused connection, a body too large, a redirect. */
  problem: string | null;
}

export interface StepResult {
  id: string;
  profile: CheckProfile;
  title: string;
  source: string;
  verdict: Verdict;
  reason: string;
  advice: string | null;
  exchanges: Exchange[];
  ms: number;
}

export interface CheckReport {
  baseUrl: string;
  profiles: CheckProfile[];
  started: string;
  ms: number;
  results: StepResult[];
  counts: Record<StepResult['verdict'], number>;
  /** What the run created and removed again; what it could not remove is named. */
  cleanup: { removed: number; left: Array<{ type: string; id: string; why: string }> };
  /** Why the run did not start, or was cut short; null when it ran to the end. */
  stopped: string | null;
}
