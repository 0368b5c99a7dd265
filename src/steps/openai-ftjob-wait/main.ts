/**
 * OpenAI #FtJob: Wait — waits until a fine-tuning job (OpenAI or Azure OpenAI) has ended, then
 * stores its outcome: the status, the `ft:` model it produced, the tokens it trained, its error.
 *
 * A long-running step: the engine calls `main()` once, then `proceed()` again and again (at an
 * interval of its own) while they return `false`. Each call sends one
 * `GET …/fine_tuning/jobs/{id}` and stores the current status. A transient failure (408, 429,
 * 5xx, network) asks to be called again; TRANSIENT_FAILURE_LIMIT of them in a row fail the step.
 */
import { quote, readToggle } from '../../lib/configs';
import { logConnection, readConnection } from '../../lib/connection';
import { jsonOutput, readOptionalDataItem, textOutput, writeAll, type OutputItem } from '../../lib/data-items';
import { decimalOutput, readOptionalDecimalItem } from '../../lib/decimal-items';
import { ApiError, JobEndedError } from '../../lib/errors';
import { checkJob, type Job } from '../../lib/job';
import { readJobId } from '../../lib/job-id';
import { isWaiting } from '../../lib/job-wait';
import { processLog } from '../../lib/log';
import { refuseAnswer, requestJobsApi, type ApiAnswer, type Connection } from '../../lib/openai-request';
import { TRANSIENT_FAILURE_LIMIT, isTransient, restoreTransientFailures, saveTransientFailures } from '../../lib/transient';

/** The configs of one call, read and checked. */
interface Settings {
  connection: Connection;
  jobId: string;
  /** A2: a job that ends `failed` or `cancelled` fails the step. */
  endedBadlyFails: boolean;
  items: OutputItems;
}

/** B1–B5; null where the modeler chose no data item. */
interface OutputItems {
  status: OutputItem | null;
  model: OutputItem | null;
  trainedTokens: OutputItem | null;
  error: OutputItem | null;
  json: OutputItem | null;
}

/** The values B1–B4 receive once the job has ended (B5 is the job itself). */
interface Outcome {
  status: string;
  model: string;
  trainedTokens: number | null;
  error: string;
}

/** The first call, when a token reaches the step: no transient failure counted yet. */
export function main(): boolean {
  const settings = settingsWith(readConnection());
  logConnection(settings.connection);
  processLog(`A1: FtJob ID: ${settings.jobId}`);
  return checkOnce(settings, 0);
}

/** Every later call, until one returns something other than false. */
export function proceed(): boolean {
  return checkOnce(settingsWith(readConnection()), restoreTransientFailures());
}

//// == Config retrieving and checking: nothing is sent until all configs are valid ==

/** The configs after U1–U5 (read first, so that the secrets gate is armed before any other). */
function settingsWith(connection: Connection): Settings {
  const jobId = readJobId('StrConfA1');
  const endedBadlyFails = readToggle('StrConfA2');
  const items: OutputItems = {
    status: readOptionalDataItem('SelectConfB1', 'single-line string'),
    model: readOptionalDataItem('SelectConfB2', 'single-line string'),
    trainedTokens: readOptionalDecimalItem('SelectConfB3'),
    error: readOptionalDataItem('SelectConfB4', 'string'),
    json: readOptionalDataItem('SelectConfB5', 'multi-line string'),
  };
  return { connection, jobId, endedBadlyFails, items };
}

/**
 * One look at the job: `false` while it has not ended (B1 then holds its status), `true` once it
 * has and B1–B5 are written. Throws on a permanent failure, on the transient failure that
 * reaches the limit, and (A2 on) on a job that ended `failed` or `cancelled`.
 */
function checkOnce(settings: Settings, failuresBefore: number): boolean {
  //// == Calculating: one request ==
  let answer: ApiAnswer;
  try {
    answer = requestJobsApi(settings.connection, 'GET', `/${settings.jobId}`);
  } catch (error) {
    if (!isTransient(error)) throw error;
    return askAgainAfter(error, failuresBefore + 1);
  }
  const job = checkJob(answer, settings.jobId);
  saveTransientFailures(0);

  if (isWaiting(job.status)) {
    processLog(`FtJob ${job.id}: status ${job.status}; not ended yet, the step will look again`);
    writeAll([textOutput(settings.items.status, job.status)]);
    return false;
  }
  const outcome = outcomeOf(answer, job, settings.endedBadlyFails);
  const items = settings.items;
  const outputs = [
    textOutput(items.status, outcome.status),
    textOutput(items.model, outcome.model),
    decimalOutput(items.trainedTokens, outcome.trainedTokens),
    textOutput(items.error, items.error !== null && items.error.singleLine ? oneLine(outcome.error) : outcome.error),
    jsonOutput(items.json, job),
  ];
  processLog(`FtJob ${job.id}: ended with status ${outcome.status}${outcome.model === '' ? '' : `, model ${outcome.model}`}`);

  //// == Data updating: every value prepared and checked first, then all written ==
  writeAll(outputs);
  return true;
}

/** A transient failure: logged and counted; `false` asks the engine to call again, until the limit. */
function askAgainAfter(error: ApiError, failures: number): boolean {
  if (failures >= TRANSIENT_FAILURE_LIMIT) {
    throw new ApiError(error.status, `${error.message} (${failures} failures in a row while waiting; the step gives up)`);
  }
  saveTransientFailures(failures);
  processLog(`${error.message} (transient failure ${failures} of ${TRANSIENT_FAILURE_LIMIT} in a row; the step will ask again)`);
  return false;
}

/**
 * What B1–B4 receive from a job that has ended. A2 on: `failed` and `cancelled` fail the step
 * instead. A status nobody knows is no reason to wait forever: it fails the step too.
 */
function outcomeOf(answer: ApiAnswer, job: Job, endedBadlyFails: boolean): Outcome {
  const status = job.status as string;
  const error = errorMessageOf(job);
  if (status !== 'succeeded' && status !== 'failed' && status !== 'cancelled') {
    throw refuseAnswer(answer, `with the status ${quote(status)}, which this step does not know`);
  }
  if (endedBadlyFails && status === 'failed') throw new JobEndedError(`FtJob ${job.id} failed${error === '' ? '' : `: ${error}`}`);
  if (endedBadlyFails && status === 'cancelled') throw new JobEndedError(`FtJob ${job.id} was cancelled`);
  return { status, model: modelOf(answer, job), trainedTokens: trainedTokensOf(answer, job), error };
}

/** The `ft:` model of a job that succeeded (it must have one); '' for a job that did not. */
function modelOf(answer: ApiAnswer, job: Job): string {
  if (job.status !== 'succeeded') return '';
  const model: unknown = job.fine_tuned_model;
  if (typeof model !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(model)) {
    throw refuseAnswer(answer, 'with a succeeded job whose fine_tuned_model is not a model name');
  }
  return model;
}

/** `trained_tokens`: a whole number, or null while unknown (a job that failed early). */
function trainedTokensOf(answer: ApiAnswer, job: Job): number | null {
  const tokens: unknown = job.trained_tokens;
  if (tokens === null || tokens === undefined) return null;
  if (typeof tokens !== 'number' || !Number.isSafeInteger(tokens) || tokens < 0) {
    throw refuseAnswer(answer, `with trained_tokens ${quote(String(tokens))}, which is not a whole number`);
  }
  return tokens;
}

/** The job's own error message (`error.message`, with its code), or '' when it has none. */
function errorMessageOf(job: Job): string {
  const error = job.error as { code?: unknown; message?: unknown } | null | undefined;
  if (!error || typeof error.message !== 'string' || error.message === '') return '';
  return typeof error.code === 'string' && error.code !== '' ? `${error.message} (${error.code})` : error.message;
}

/** `text` with its line breaks (and the spaces around them) as one space, for a single-line item. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
