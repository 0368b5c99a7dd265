/** What a step that waits for a fine-tuning job must know about the job it is given back: which statuses mean "not yet". */

/**
 * Statuses of a job that has not ended: OpenAI's `validating_files`, `queued`, `running` and
 * `paused`; Azure OpenAI's `pending` and `created`.
 */
export const WAITING_STATUSES: readonly string[] = ['validating_files', 'queued', 'running', 'paused', 'pending', 'created'];

export function isWaiting(status: string): boolean {
  return WAITING_STATUSES.indexOf(status) >= 0;
}
