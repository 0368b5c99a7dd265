/**
 * The fine-tuning job object (`FineTuningJob` in OpenAI's contract) and the checks that an
 * answer really is the job the step asked about before anything is logged from it or written
 * to the workflow's data: a job object, a job ID (the requested one, when there is one), a
 * status that is a short plain word.
 */
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import { type ApiAnswer, refuseAnswer } from './openai-request';
import { quote } from './configs';
import { capText, jsonOf } from './text';

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

/**
 * A job status: one short plain word (`queued`, `validating_files`; Azure's older `notRunning`).
 * Any word is taken, so a status OpenAI adds later still works; nothing else is.
 */
export const JOB_STATUS = /^[A-Za-z][A-Za-z_]{0,31}$/;

/** A value from an answer, shown in a message: JSON, shortened. */
function shown(value: unknown): string {
  return typeof value === 'string' ? quote(value) : capText(jsonOf(value), 60);
}

/** What keeps `value` from being a job object, or null when it is one. */
function jobProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const candidate = value as { object?: unknown; id?: unknown; status?: unknown };
  if (candidate.object !== undefined && candidate.object !== 'fine_tuning.job') {
    return `its "object" is ${shown(candidate.object)}, not "fine_tuning.job"`;
  }
  if (candidate.id === undefined || candidate.id === null || candidate.id === '') return 'it has no job "id"';
  if (typeof candidate.id !== 'string' || !JOB_ID.test(candidate.id)) return `its "id" ${shown(candidate.id)} is not a job ID`;
  if (candidate.status === undefined || candidate.status === null || candidate.status === '') return 'it has no job "status"';
  if (typeof candidate.status !== 'string' || !JOB_STATUS.test(candidate.status)) {
    return `its "status" ${shown(candidate.status)} is not a job status (one word, like queued)`;
  }
  return null;
}

/**
 * The answer as a Job when it is one (and, with `expectedId`, the job of that ID); otherwise an
 * ApiError saying what is wrong, the body in the process log.
 */
export function checkJob(answer: ApiAnswer, expectedId: string | null): Job {
  const problem = jobProblem(answer.value);
  if (problem !== null) throw refuseAnswer(answer, `not with a fine-tuning job (${problem})`);
  const job = answer.value as Job;
  if (expectedId !== null && job.id !== expectedId) throw refuseAnswer(answer, `with another job (${job.id}, not ${expectedId})`);
  return job;
}
