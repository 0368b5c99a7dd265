/**
 * OpenAI #FtJob: Create — starts a fine-tuning job (OpenAI or Azure OpenAI) on a training file
 * uploaded earlier: one `POST …/fine_tuning/jobs` whose body follows OpenAI's
 * `CreateFineTuningJobRequest`, hyperparameters under `method` (the top-level `hyperparameters`
 * field is deprecated).
 */
import type { JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';
import type { DpoHyperparameters, SupervisedHyperparameters } from 'openai/resources/fine-tuning/methods';
import { quote, readRequiredText, readText, requireToken } from '../../lib/configs';
import { logConnection, readConnection } from '../../lib/connection';
import { jsonOutput, readOptionalDataItem, textOutput, writeAll } from '../../lib/data-items';
import { type Endpoint } from '../../lib/endpoint';
import { ConfigError } from '../../lib/errors';
import { readFileId, readOptionalFileId } from '../../lib/files';
import { checkCreatedJob, type Job } from '../../lib/job';
import { processLog } from '../../lib/log';
import { plainOrJson } from '../../lib/text';
import { readMetadata } from '../../lib/metadata';
import { readAutoOrNumber, readOptionalNumber, type NumberRange } from '../../lib/numbers';
import { withoutUndefined } from '../../lib/objects';
import { requestJobsApi, type Connection } from '../../lib/openai-request';

/** The fine-tuning methods this step offers (A5). */
type MethodType = 'supervised' | 'dpo';

/** OpenAI's ranges (CreateFineTuningJobRequest). */
const N_EPOCHS: NumberRange = { integer: true, min: 1, minExclusive: false, max: 50 };
const BATCH_SIZE: NumberRange = { integer: true, min: 1, minExclusive: false, max: 256 };
const LEARNING_RATE_MULTIPLIER: NumberRange = { integer: false, min: 0, minExclusive: true, max: null };
const BETA: NumberRange = { integer: false, min: 0, minExclusive: true, max: 2 };
const SEED: NumberRange = { integer: true, min: 0, minExclusive: false, max: 2147483647 };

/**
 * The longest model name sent (A2, A12). OpenAI's longest real names, `ft:` models with an
 * organization name and a 64-character suffix, stay well under 200; Azure's deployment and
 * model names are shorter. A limit keeps an EL result gone wrong (a whole document) out of the
 * request and the log.
 */
const MODEL_LIMIT = 256;
/** The longest suffix: 64 characters on OpenAI, 40 on Azure OpenAI. */
const SUFFIX_LIMIT = { openai: 64, azure: 40 } as const;
/** Line breaks and other control characters (C0, DEL, C1). */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

export function main(): void {
  //// == Config retrieving and checking: nothing is sent until all configs are valid ==
  const connection = readConnection();
  const body = readJobRequest(connection.endpoint);
  const statusItem = readOptionalDataItem('SelectConfB1', 'single-line string');
  const idItem = readOptionalDataItem('SelectConfB2', 'single-line string');
  const jsonItem = readOptionalDataItem('SelectConfB3', 'multi-line string');
  logConnection(connection);
  processLog(`Request body: ${JSON.stringify(body)}`);

  //// == Calculating: one request ==
  const job = createJob(connection, body);
  processLog(`FtJob ${job.id} created: model ${plainOrJson(job.model)}, status ${job.status}`);

  //// == Data updating: every value prepared and checked first, then all written ==
  writeAll([textOutput(statusItem, job.status), textOutput(idItem, job.id), jsonOutput(jsonItem, job)]);
}

/** A1–A11 as the request body; blank options are left out. */
function readJobRequest(endpoint: Endpoint): JobCreateParams {
  const trainingFile = readFileId('StrConfA1', 'the training file ID');
  const model = readModel('StrConfA2', 'StrConfA12');
  const validationFile = readOptionalFileId('StrConfA3', 'the validation file ID');
  const suffix = readSuffix('StrConfA4', endpoint);
  const methodType = readMethodType('StrConfA5');
  const method = readMethod(methodType);
  const seed = readOptionalNumber('StrConfA10', 'the seed', SEED, 'OpenAI picks one');
  const metadata = readMetadata('StrConfA11');
  return withoutUndefined({ model, training_file: trainingFile, validation_file: validationFile, suffix, method, seed, metadata });
}

/**
 * The base model: A12 when it is set (typically `#{#q_model}`, the `ft:` model an earlier job of
 * the process produced), otherwise A2 (a listed model or any other name). A12 blank, or an EL
 * result that is blank, leaves A2 in charge, so A2 is the model of a first training round.
 */
function readModel(listConfig: string, fromDataConfig: string): string {
  const fromData = readText(fromDataConfig);
  if (fromData !== '') {
    const model = checkModel(fromDataConfig, fromData);
    processLog(`A12: base model from data (A2 not used): ${model}`);
    return model;
  }
  return checkModel(listConfig, readRequiredText(listConfig, 'the base model', 'gpt-4o-mini-2024-07-18'));
}

/** `model` when it is one word of printable ASCII of at most MODEL_LIMIT characters. */
function checkModel(configName: string, model: string): string {
  const example = 'gpt-4o-mini-2024-07-18 or ft:gpt-4o-mini-2024-07-18:my-org::abc123';
  if (model.length > MODEL_LIMIT) {
    throw new ConfigError(configName, `the base model has ${model.length} characters; a model name has at most ${MODEL_LIMIT}, like ${example}`);
  }
  return requireToken(configName, model, 'the base model', example);
}

/** The suffix of A4: one line of at most 64 characters (40 on Azure OpenAI); blank: none. */
function readSuffix(configName: string, endpoint: Endpoint): string | undefined {
  const suffix = readText(configName);
  if (suffix === '') return undefined;
  const limit = endpoint.provider === 'azure' ? SUFFIX_LIMIT.azure : SUFFIX_LIMIT.openai;
  if (CONTROL_CHARACTER.test(suffix)) {
    throw new ConfigError(configName, `the suffix ${quote(suffix)} has a line break or control character; set one line of 1 to ${limit} characters`);
  }
  const length = Array.from(suffix).length;
  if (length > limit) {
    const allowed = endpoint.provider === 'azure'
      ? `Azure OpenAI allows 1 to ${SUFFIX_LIMIT.azure} (OpenAI ${SUFFIX_LIMIT.openai})`
      : `OpenAI allows 1 to ${SUFFIX_LIMIT.openai}`;
    throw new ConfigError(configName, `the suffix has ${length} characters; ${allowed}`);
  }
  return suffix;
}

/** The method of A5: supervised (also when blank) or dpo. */
function readMethodType(configName: string): MethodType {
  const value = readText(configName);
  if (value === '' || value === 'supervised') return 'supervised';
  if (value === 'dpo') return 'dpo';
  throw new ConfigError(configName, `${quote(value)} is not a fine-tuning method this step offers; choose supervised or dpo (blank: supervised)`);
}

/**
 * `method` of the body, with hyperparameters (A6–A9) only when any is set. A plain supervised job
 * sends no `method` at all: that is OpenAI's default, and the body then also suits Azure OpenAI
 * API versions that predate `method` (such as the default 2024-10-21).
 */
function readMethod(type: MethodType): JobCreateParams.Method | undefined {
  const hyperparameters: SupervisedHyperparameters = withoutUndefined({
    n_epochs: readAutoOrNumber('StrConfA6', 'n_epochs', N_EPOCHS),
    batch_size: readAutoOrNumber('StrConfA7', 'batch_size', BATCH_SIZE),
    learning_rate_multiplier: readAutoOrNumber('StrConfA8', 'learning_rate_multiplier', LEARNING_RATE_MULTIPLIER),
  });
  const beta = readBeta('StrConfA9', type);
  if (type === 'dpo') {
    const dpo: DpoHyperparameters = withoutUndefined({ ...hyperparameters, beta });
    return Object.keys(dpo).length === 0 ? { type } : { type, dpo: { hyperparameters: dpo } };
  }
  return Object.keys(hyperparameters).length === 0 ? undefined : { type, supervised: { hyperparameters } };
}

/** `beta` of A9: a DPO hyperparameter, so set only with method dpo. */
function readBeta(configName: string, type: MethodType): number | 'auto' | undefined {
  if (type !== 'dpo' && readText(configName) !== '') {
    throw new ConfigError(configName, 'beta is a DPO hyperparameter; choose dpo in A5, or leave A9 blank');
  }
  return readAutoOrNumber(configName, 'beta', BETA);
}

/**
 * POST …/fine_tuning/jobs; the answer must be a job (a new ID) on the files sent, usually
 * "validating_files" or "queued".
 */
function createJob(connection: Connection, body: JobCreateParams): Job {
  return checkCreatedJob(requestJobsApi(connection, 'POST', '', body), body);
}
