/**
 * The fine-tuning job object (`FineTuningJob` in OpenAI's contract) and the checks that an
 * answer really is one before anything is written to the workflow's data.
 */
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import { ApiError } from './errors';

/** OpenAI's statuses, plus `paused` (OpenAI) and `pending` / `created` (Azure OpenAI). */
export type JobStatus = FineTuningJob['status'] | 'paused' | 'pending' | 'created';

/** A job as OpenAI or Azure returns it: OpenAI's shape with the wider status set. */
export type Job = Omit<FineTuningJob, 'status'> & { status: JobStatus };

/** Statuses after which a job never changes again. */
export const TERMINAL_STATUSES: readonly string[] = ['succeeded', 'failed', 'cancelled'];

export function isTerminal(status: string): boolean {
  return TERMINAL_STATUSES.indexOf(status) >= 0;
}

/** A fine-tuning job ID: `ftjob-…` (or `ft-…` of the retired API); letters, digits, `-` and `_`. */
export const JOB_ID = /^(ftjob|ft)-[A-Za-z0-9_-]{1,128}$/;

/** What keeps `value` from being a job object, or null when it is one. */
function jobProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const candidate = value as { object?: unknown; id?: unknown; status?: unknown };
  if (candidate.object !== undefined && candidate.object !== 'fine_tuning.job') {
    return `its "object" is ${JSON.stringify(candidate.object)}, not "fine_tuning.job"`;
  }
  if (typeof candidate.id !== 'string' || candidate.id === '') return 'it has no job "id"';
  if (typeof candidate.status !== 'string' || candidate.status === '') return 'it has no job "status"';
  return null;
}

/** `value` (a parsed 200 answer) as a Job, or an ApiError saying what is missing. */
export function toJob(value: unknown, provider: string): Job {
  const problem = jobProblem(value);
  if (problem !== null) {
    throw new ApiError(200, `${provider}: answered HTTP 200, but not with a fine-tuning job (${problem}); see the process log`);
  }
  return value as Job;
}
