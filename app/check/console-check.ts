/**
 * "Check a SCIM server" in the console (`check:run`, `check:cancel`): one run at a time, each step
 * announced as it finishes (`check:step`), the report answered at the end. The console's copy
 * keeps a 64 KB head of each answer: a hostile server's 5 MB bodies stay out of the page.
 */
import type { BenchEvent } from '../../shared/api';
import type { CheckProfile, CheckReport, Exchange } from '../../shared/check';
import { CommandError } from '../commands';
import { runCheck } from './check-run';
import { CHECK_STEPS, profilesFor } from './check-steps';

export const CONSOLE_BODY_CHARS = 64 * 1024;

const trimmed = (ex: Exchange): Exchange =>
  ex.responseText && ex.responseText.length > CONSOLE_BODY_CHARS
    ? { ...ex, responseText: `${ex.responseText.slice(0, CONSOLE_BODY_CHARS)}…`, json: undefined }
    : ex;

type CheckInput = { baseUrl: string; token: string; profile: CheckProfile | 'all'; allowExisting: boolean };

export class ConsoleCheck {
  /** The run under way, held so quitting the bench can stop it and wait for its cleanup. */
  private running: { abort: AbortController; done: Promise<CheckReport> } | null = null;
  private closed = false;

  constructor(private readonly emit: (event: BenchEvent) => void) {}

  async run(input: CheckInput): Promise<CheckReport> {
    if (this.closed) throw new CommandError(503, 'The bench is shutting down; no check can start');
    if (this.running) throw new CommandError(409, 'A check is already running; cancel it or wait for it to end');
    const abort = new AbortController();
    const done = this.execute(input, abort.signal);
    this.running = { abort, done };
    try {
      return await done;
    } finally {
      this.running = null;
    }
  }

  private async execute(input: CheckInput, signal: AbortSignal): Promise<CheckReport> {
    let untold = 0;
    const report = await runCheck({
      target: {
        baseUrl: input.baseUrl.replace(/\/+$/, ''),
        authorization: async () => `Bearer ${input.token}`,
        userAgent: 'SCIM Bench check',
      },
      steps: [...CHECK_STEPS],
      profiles: profilesFor(input.profile),
      allowExisting: input.allowExisting,
      signal,
      onStep: (result, index, total) => {
        // A listener that throws (a serialiser, a closed window) must not end the run before its cleanup.
        try {
          this.emit({
            type: 'check:step',
            payload: { result: { ...result, exchanges: result.exchanges.map(trimmed) }, index, total },
          });
        } catch (error) {
          if (!untold++) console.warn(`warning: the console was not told of check step ${result.id}: ${error}`);
        }
      },
    });
    if (untold > 1) console.warn(`warning: the console was not told of ${untold} check steps in all`);
    return { ...report, results: report.results.map((r) => ({ ...r, exchanges: r.exchanges.map(trimmed) })) };
  }

  /** Stops after the step under way; the run still removes what it created. */
  cancel(): { cancelled: boolean } {
    if (!this.running) return { cancelled: false };
    this.running.abort.abort();
    return { cancelled: true };
  }

  /**
   * For shutdown: no new run, and the one under way stopped and awaited — its cleanup included — for
   * at most `waitMs`, so quitting does not leave the objects it created on the server.
   */
  async stop(waitMs: number): Promise<void> {
    this.closed = true;
    const running = this.running;
    if (!running) return;
    running.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([
      running.done.then(
        () => undefined,
        () => undefined,
      ),
      limit,
    ]);
    clearTimeout(timer);
  }
}
