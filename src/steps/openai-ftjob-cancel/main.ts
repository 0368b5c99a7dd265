/**
 * OpenAI #FtJob: Cancel — stops a fine-tuning job (OpenAI or Azure OpenAI) so it stops
 * training and costing. Successor of Questetra's 2023 step: same config names, same meaning.
 */
import { readToggle } from '../../lib/configs';
import { logConnection, readConnection } from '../../lib/connection';
import { jsonOutput, readOptionalDataItem, textOutput, writeAll } from '../../lib/data-items';
import { ApiError } from '../../lib/errors';
import { checkJob, isTerminal, type Job } from '../../lib/job';
import { readJobId } from '../../lib/job-id';
import { processLog } from '../../lib/log';
import { requestJobsApi, type Connection } from '../../lib/openai-request';

export function main(): void {
  //// == Config retrieving and checking: nothing is sent until all configs are valid ==
  const connection = readConnection();
  const jobId = readJobId('StrConfA1');
  const endedIsFine = readToggle('StrConfA2');
  const statusItem = readOptionalDataItem('SelectConfB1', 'single-line string');
  const jsonItem = readOptionalDataItem('SelectConfB2', 'multi-line string');
  logConnection(connection);
  processLog(`A1: FtJob ID: ${jobId}`);

  //// == Calculating: one request (a second, GET, only when A2 asks to look an ended job up) ==
  const job = endedIsFine ? cancelOrFindEnded(connection, jobId) : cancelJob(connection, jobId);
  processLog(`FtJob ${job.id}: status ${job.status}`);

  //// == Data updating: every value prepared and checked first, then all written ==
  writeAll([textOutput(statusItem, job.status), jsonOutput(jsonItem, job)]);
}

/** POST …/fine_tuning/jobs/{id}/cancel; the answer must be that job (now "cancelled"). */
function cancelJob(connection: Connection, jobId: string): Job {
  return checkJob(requestJobsApi(connection, 'POST', `/${jobId}/cancel`), jobId);
}

/**
 * With A2 on: a job that has already ended (the API refuses with 400, or 409 on Azure) is looked
 * up, and its status counts as the result. Any other failure, a lookup that fails or answers
 * with something else than that job, or a job that has not ended after all, still fails the
 * step with the original error.
 */
function cancelOrFindEnded(connection: Connection, jobId: string): Job {
  try {
    return cancelJob(connection, jobId);
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 409)) throw error;
    const job = lookUpJob(connection, jobId);
    if (job === null || !isTerminal(job.status)) throw error;
    processLog(`A2: FtJob ${jobId} had already ended (${job.status}); not an error`);
    return job;
  }
}

/** GET …/fine_tuning/jobs/{id}, or null (the reason logged) when that fails in any way. */
function lookUpJob(connection: Connection, jobId: string): Job | null {
  try {
    return checkJob(requestJobsApi(connection, 'GET', `/${jobId}`), jobId);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    processLog(`A2: looking FtJob ${jobId} up failed (${error.message}); the cancel's error stands`);
    return null;
  }
}
