/**
 * The fine-tuning job object (`FineTuningJob` in OpenAI's contract) and the checks that an
 * answer really is the job the step asked about before anything is logged from it or written
 * to the workflow's data: a job object, a job ID (the requested one, when there is one), a
 * status of the contract's list; for a new job, the files it was asked to train on.
 */
import type { FineTuningJob, JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';
import { type ApiAnswer, refuseAnswer } from './openai-request';
import { quote } from './configs';
import { capText, jsonOf } from './text';

/** OpenAI's statuses, plus `paused` (OpenAI) and `pending` / `created` (Azure OpenAI). */
export type JobStatus = FineTuningJob['status'] | 'paused' | 'pending' | 'created';

/** A job as OpenAI or Azure returns it: OpenAI's shape with the wider status set. */
export type Job = Omit<FineTuningJob, 'status'> & { status: JobStatus };

/**
 * Every status a job may have: OpenAI's contract (FineTuningJob.status), `paused` (OpenAI
 * reports it for a paused job), and Azure OpenAI's `pending` and `created`. Taken from every
 * provider alike: a gateway may stand in front of Azure OpenAI. Any other word (`pwned`,
 * `CANCELLED`) is not a job's status, and nothing is stored from that answer.
 */
export const JOB_STATUSES: readonly JobStatus[] = ['validating_files', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'paused', 'pending', 'created'];

/** Statuses after which a job never changes again. */
export const TERMINAL_STATUSES: readonly string[] = ['succeeded', 'failed', 'cancelled'];

export function isTerminal(status: string): boolean {
  return TERMINAL_STATUSES.indexOf(status) >= 0;
}

/** A fine-tuning job ID: `ftjob-…` (or `ft-…` of the retired API); letters, digits, `-` and `_`. */
export const JOB_ID = /^(ftjob|ft)-[A-Za-z0-9_-]{1,128}$/;

/** A value from an answer, shown in a message: JSON, shortened. */
function shown(value: unknown): string {
  return typeof value === 'string' ? quote(value) : capText(jsonOf(value), 60);
}

/** What keeps `value` from being a job object, or null when it is one. */
function jobProblem(value: unknown, azure: boolean): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not a JSON object';
  const candidate = value as { object?: unknown; id?: unknown; status?: unknown };
  // OpenAI's contract requires `object`; Azure OpenAI's answers are not documented to carry it
  // in every API version, so there a job without it is taken (one with another is not).
  if (candidate.object === undefined && !azure) return 'it has no "object": "fine_tuning.job"';
  if (candidate.object !== undefined && candidate.object !== 'fine_tuning.job') {
    return `its "object" is ${shown(candidate.object)}, not "fine_tuning.job"`;
  }
  if (candidate.id === undefined || candidate.id === null || candidate.id === '') return 'it has no job "id"';
  if (typeof candidate.id !== 'string' || !JOB_ID.test(candidate.id)) return `its "id" ${shown(candidate.id)} is not a job ID`;
  if (candidate.status === undefined || candidate.status === null || candidate.status === '') return 'it has no job "status"';
  if (typeof candidate.status !== 'string' || JOB_STATUSES.indexOf(candidate.status as JobStatus) < 0) {
    return `its "status" ${shown(candidate.status)} is not a status of a fine-tuning job (${JOB_STATUSES.join(', ')})`;
  }
  return null;
}

/**
 * The answer as a Job when it is one (and, with `expectedId`, the job of that ID); otherwise an
 * ApiError saying what is wrong, the body in the process log.
 */
export function checkJob(answer: ApiAnswer, expectedId: string | null): Job {
  const problem = jobProblem(answer.value, answer.azure);
  if (problem !== null) throw refuseAnswer(answer, `not with a fine-tuning job (${problem})`);
  const job = answer.value as Job;
  if (expectedId !== null && job.id !== expectedId) throw refuseAnswer(answer, `with another job (${job.id}, not ${expectedId})`);
  return job;
}

/**
 * The answer to a create request as the new Job when it is the job that was asked for: a job
 * (checkJob) training on the `training_file` sent and on the `validation_file` sent (none when
 * none was sent), with a model name. The model is not compared with the one sent: the API
 * answers a dated snapshot (`gpt-4o-mini-2024-07-18`) for an alias (`gpt-4o-mini`).
 */
export function checkCreatedJob(answer: ApiAnswer, request: JobCreateParams): Job {
  const job = checkJob(answer, null);
  const problem = createdJobProblem(job, request);
  if (problem !== null) throw refuseAnswer(answer, `with another job than the one asked for (${problem})`);
  return job;
}

/** What keeps `job` from being the job `request` asked for, or null when it is it. */
function createdJobProblem(job: Job, request: JobCreateParams): string | null {
  const trainingFile: unknown = job.training_file;
  if (trainingFile !== request.training_file) return `its "training_file" is ${shown(trainingFile ?? null)}, but ${request.training_file} was sent`;
  const validationFile: unknown = job.validation_file;
  const sent = request.validation_file ?? null;
  if ((validationFile ?? null) !== sent) {
    return `its "validation_file" is ${shown(validationFile ?? null)}, but ${sent === null ? 'none' : sent} was sent`;
  }
  const model: unknown = job.model;
  if (typeof model !== 'string' || model === '') return `its "model" ${shown(model ?? null)} is not a model name`;
  return null;
}
