/**
 * Failures a waiting step outlives: a rate limit (429), a server error (5xx), a request timeout
 * (408) or no answer at all (network). While a step waits for something that takes hours, one
 * such failure should not stop the process; a run of them, kept in the engine's temporary
 * data between calls, should, with a clear message.
 */
import { ApiError } from './errors';

/** Consecutive transient failures a waiting step tolerates: this many in a row fail it. */
export const TRANSIENT_FAILURE_LIMIT = 5;

/** What the step keeps between its calls (engine.saveTemporaryData), as JSON. */
interface WaitState {
  transientFailures: number;
}

/** Whether `error` is worth asking again later: no answer, 408, 429 or 5xx. */
export function isTransient(error: unknown): error is ApiError {
  if (!(error instanceof ApiError)) return false;
  const status = error.status;
  return status === 0 || status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** The transient failures in a row counted by earlier calls; 0 when none is kept (or it is unreadable). */
export function restoreTransientFailures(): number {
  const saved = engine.restoreTemporaryData();
  if (saved === null || saved === '') return 0;
  try {
    const count = (JSON.parse(saved) as Partial<WaitState> | null)?.transientFailures;
    return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : 0;
  } catch {
    return 0;
  }
}

export function saveTransientFailures(count: number): void {
  const state: WaitState = { transientFailures: count };
  engine.saveTemporaryData(JSON.stringify(state));
}
