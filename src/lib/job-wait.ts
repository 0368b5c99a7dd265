/**
 * What a step that waits for a fine-tuning job must know about the job it is given back: which
 * statuses mean "not yet", and that the answer is the job it asked about.
 */
import { ApiError } from './errors';
import type { Job } from './job';

/**
 * Statuses of a job that has not ended: OpenAI's `validating_files`, `queued`, `running` and
 * `paused`; Azure OpenAI's `pending` and `created`.
 */
export const WAITING_STATUSES: readonly string[] = ['validating_files', 'queued', 'running', 'paused', 'pending', 'created'];

export function isWaiting(status: string): boolean {
  return WAITING_STATUSES.indexOf(status) >= 0;
}

/** `job` when it is the job `jobId`; an ApiError otherwise (a gateway or cache answering for another job). */
export function requireRequestedJob(job: Job, jobId: string, provider: string): Job {
  if (job.id !== jobId) {
    throw new ApiError(
      200,
      `${provider}: answered HTTP 200 with another fine-tuning job (${JSON.stringify(job.id.slice(0, 140))}, not "${jobId}"); see the process log`,
    );
  }
  return job;
}
