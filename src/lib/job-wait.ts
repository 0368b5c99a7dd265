/**
 * What a step that waits for a fine-tuning job must know about the job it is given back: which
 * statuses mean "not yet", and how a job that ended badly fails the step.
 */
import { errorText } from './errors';

/**
 * Statuses of a job that has not ended: OpenAI's `validating_files`, `queued`, `running` and
 * `paused`; Azure OpenAI's `pending` and `created`.
 */
export const WAITING_STATUSES: readonly string[] = ['validating_files', 'queued', 'running', 'paused', 'pending', 'created'];

export function isWaiting(status: string): boolean {
  return WAITING_STATUSES.indexOf(status) >= 0;
}

/** The job ended `failed` or `cancelled`, and the modeler asked for that to fail the step. */
export class JobEndedError extends Error {
  constructor(message: string) {
    super(errorText(message));
    this.name = 'JobEndedError';
  }
}
