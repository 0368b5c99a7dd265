/**
 * OpenAI #FtJob: Wait — waits until a fine-tuning job (OpenAI or Azure OpenAI) has ended, then
 * stores its outcome: the status, the `ft:` model it produced, the tokens it trained, its error.
 *
 * A long-running step: the engine calls `main()` once, then `proceed()` again and again (at an
 * interval of its own) while they return `false`. Each call sends one
 * `GET …/fine_tuning/jobs/{id}` and stores the current status. A transient failure (429, 5xx,
 * network) asks to be called again; TRANSIENT_FAILURE_LIMIT of them in a row fail the step.
 */
import { quote, readOptionalDataItem, readToggle } from '../../lib/configs';
import { logConnection, readConnection } from '../../lib/connection';
import { writeIfChosen } from '../../lib/data-items';
import { readOptionalDecimalItem } from '../../lib/decimal-items';
import { providerName } from '../../lib/endpoint';
import { ApiError } from '../../lib/errors';
import { toJob, type Job } from '../../lib/job';
import { readJobId } from '../../lib/job-id';
import { isWaiting, requireRequestedJob } from '../../lib/job-wait';
import { redact, requestJobsApi, type Connection } from '../../lib/openai-request';
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
  status: DataDefinitionView | null;
  model: DataDefinitionView | null;
  trainedTokens: DataDefinitionView | null;
  error: DataDefinitionView | null;
  json: DataDefinitionView | null;
}

/** The values written to B1–B5 once the job has ended, all computed before any is written. */
interface Outcome {
  status: string;
  model: string;
  trainedTokens: number | null;
  error: string;
  json: string;
}

/** The first call, when a token reaches the step: no transient failure counted yet. */
export function main(): boolean {
  const settings = readSettings();
  logConnection(settings.connection);
  engine.log(`A1: FtJob ID: ${settings.jobId}`);
  return checkJob(settings, 0);
}

/** Every later call, until one returns something other than false. */
export function proceed(): boolean {
  return checkJob(readSettings(), restoreTransientFailures());
}

//// == Config retrieving and checking: nothing is sent until all configs are valid ==

function readSettings(): Settings {
  const connection = readConnection();
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
function checkJob(settings: Settings, failuresBefore: number): boolean {
  //// == Calculating: one request ==
  let job: Job;
  try {
    job = retrieveJob(settings.connection, settings.jobId);
  } catch (error) {
    if (!isTransient(error)) throw error;
    return askAgainAfter(error, failuresBefore + 1);
  }
  saveTransientFailures(0);

  if (isWaiting(job.status)) {
    engine.log(`FtJob ${job.id}: status ${job.status}; not ended yet, the step will look again`);
    writeIfChosen(settings.items.status, job.status);
    return false;
  }
  const outcome = outcomeOf(settings, job);
  const modelNote = outcome.model === '' ? '' : `, model ${outcome.model}`;
  engine.log(redact(`FtJob ${job.id}: ended with status ${outcome.status}${modelNote}`, settings.connection));

  //// == Data updating: only after every check has passed ==
  writeIfChosen(settings.items.status, outcome.status);
  writeIfChosen(settings.items.model, outcome.model);
  if (settings.items.trainedTokens !== null) engine.setData(settings.items.trainedTokens, outcome.trainedTokens);
  writeIfChosen(settings.items.error, toItemText(settings.items.error, outcome.error));
  writeIfChosen(settings.items.json, outcome.json);
  return true;
}

/** GET …/fine_tuning/jobs/{id}; the answer must be that job. */
function retrieveJob(connection: Connection, jobId: string): Job {
  const answer = requestJobsApi(connection, 'GET', `/${jobId}`);
  const provider = providerName(connection.endpoint);
  try {
    return requireRequestedJob(toJob(answer, provider), jobId, provider);
  } catch (error) {
    // The error says "see the process log": put the answer there.
    engine.log(redact(JSON.stringify(answer).slice(0, 4000), connection));
    throw error;
  }
}

/** A transient failure: logged and counted; `false` asks the engine to call again, until the limit. */
function askAgainAfter(error: ApiError, failures: number): boolean {
  if (failures >= TRANSIENT_FAILURE_LIMIT) {
    throw new ApiError(error.status, `${error.message} (${failures} failures in a row while waiting; the step gives up)`);
  }
  saveTransientFailures(failures);
  engine.log(`${error.message} (transient failure ${failures} of ${TRANSIENT_FAILURE_LIMIT} in a row; the step will ask again)`);
  return false;
}

/**
 * The values B1–B5 receive from an ended job. A2 on: `failed` and `cancelled` fail the step
 * instead. A status nobody knows is no reason to wait forever: it fails the step too.
 */
function outcomeOf(settings: Settings, job: Job): Outcome {
  const { connection, endedBadlyFails } = settings;
  const provider = providerName(connection.endpoint);
  const status = job.status as string;
  const error = errorMessageOf(job);
  if (status !== 'succeeded' && status !== 'failed' && status !== 'cancelled') {
    engine.log(redact(JSON.stringify(job).slice(0, 4000), connection));
    throw new ApiError(200, redact(`${provider}: FtJob ${job.id} has the status ${quote(status)}, which this step does not know; see the process log`, connection));
  }
  if (endedBadlyFails && status === 'failed') {
    throw new Error(redact(`FtJob ${job.id} failed${error === '' ? '' : `: ${oneLine(error)}`}`, connection));
  }
  if (endedBadlyFails && status === 'cancelled') {
    throw new Error(`FtJob ${job.id} was cancelled`);
  }
  return {
    status,
    model: modelOf(job, provider),
    trainedTokens: trainedTokensOf(job, provider),
    error: redact(error, connection),
    json: redact(JSON.stringify(job, null, 2), connection),
  };
}

/** The `ft:` model of a job that succeeded (it must have one); '' for a job that did not. */
function modelOf(job: Job, provider: string): string {
  const model: unknown = job.fine_tuned_model;
  if (job.status !== 'succeeded') return '';
  if (typeof model !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(model)) {
    throw new ApiError(200, `${provider}: FtJob ${job.id} succeeded, but its fine_tuned_model is not a model name; see the process log`);
  }
  return model;
}

/** `trained_tokens`: a whole number, or null while unknown (a job that failed early). */
function trainedTokensOf(job: Job, provider: string): number | null {
  const tokens: unknown = job.trained_tokens;
  if (tokens === null || tokens === undefined) return null;
  if (typeof tokens !== 'number' || !Number.isSafeInteger(tokens) || tokens < 0) {
    throw new ApiError(200, `${provider}: FtJob ${job.id} has trained_tokens ${quote(String(tokens))}, which is not a whole number`);
  }
  return tokens;
}

/** The job's own error message (`error.message`, with its code), or '' when it has none. */
function errorMessageOf(job: Job): string {
  const error = job.error as { code?: unknown; message?: unknown } | null | undefined;
  if (!error || typeof error.message !== 'string' || error.message === '') return '';
  return typeof error.code === 'string' && error.code !== '' ? `${error.message} (${error.code})` : error.message;
}

/** `text` with its line breaks (and the spaces around them) as one space. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** `text` as `item` can hold it: one line for a single-line item. */
function toItemText(item: DataDefinitionView | null, text: string): string {
  return item !== null && item.matchDataType('STRING_TEXTFIELD') ? oneLine(text) : text;
}
