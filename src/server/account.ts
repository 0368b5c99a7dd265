/**
 * What one API key owns on one service: its files and its fine-tuning jobs, in memory. The
 * OpenAI and the Azure form of the server each have their own account, as the two services do.
 */
import type { FileObject } from 'openai/resources/files';
import { unixSeconds } from './clock.js';
import type { JobSpec } from './create-request.js';
import type { Dialect } from './dialect.js';
import { JobRecord, type JobError, type JobTimings, type Outcome } from './jobs.js';
import { baseModelOf, isCompletionModel, resolveBaseModel } from './models.js';
import { checkTrainingData, isDataProblem, type DataSummary, type ExampleFormat } from './training-data.js';

export interface StoredFile {
  id: string;
  filename: string;
  purpose: FileObject['purpose'];
  createdAt: number;
  expiresAt: number | null;
  content: Uint8Array;
}

export interface AccountSettings {
  organizationId: string;
  /** The organization's name as it appears in `ft:` model names. */
  organizationName: string;
  timings: JobTimings;
}

/** The metadata key that asks the server to make a job fail at the end of training (its value is the message). */
export const FAIL_METADATA_KEY = 'qaddon_fail';

export class Account {
  readonly files = new Map<string, StoredFile>();
  readonly jobs = new Map<string, JobRecord>();

  constructor(
    readonly dialect: Dialect,
    private readonly settings: AccountSettings,
  ) {}

  /** Brings every job up to `now` and forgets files that have expired. */
  tick(now: number): void {
    for (const job of this.jobs.values()) job.advanceTo(now, (_ended, csv, at) => this.addResultFile(csv, at));
    for (const [id, file] of this.files) {
      if (file.expiresAt !== null && file.expiresAt <= now) this.files.delete(id);
    }
  }

  addFile(filename: string, purpose: FileObject['purpose'], content: Uint8Array, now: number, expiresAfterSeconds: number | null): StoredFile {
    const file: StoredFile = {
      id: this.dialect.ids.file(),
      filename,
      purpose,
      createdAt: now,
      expiresAt: expiresAfterSeconds === null ? null : now + expiresAfterSeconds * 1000,
      content,
    };
    this.files.set(file.id, file);
    return file;
  }

  fileObject(file: StoredFile): FileObject {
    return {
      object: 'file',
      id: file.id,
      bytes: file.content.byteLength,
      created_at: unixSeconds(file.createdAt),
      filename: file.filename,
      purpose: file.purpose,
      status: 'processed',
      ...(file.expiresAt === null ? {} : { expires_at: unixSeconds(file.expiresAt) }),
    };
  }

  /** Every `ft:` (or Azure `.ft-`) model a succeeded job of this account produced. */
  private fineTunedModels(): Set<string> {
    const models = new Set<string>();
    for (const job of this.jobs.values()) if (job.fineTunedModel !== null) models.add(job.fineTunedModel);
    return models;
  }

  /**
   * Starts a job on a checked request: the files must be this account's fine-tune files and the
   * model one the service fine-tunes (or a model an earlier job of this account produced).
   */
  createJob(spec: JobSpec, now: number): JobRecord {
    const { errors } = this.dialect;
    const training = this.fineTuneFile(spec.training_file);
    if (training === null) throw errors.unknownFile('training_file', spec.training_file);
    const validation = spec.validation_file === null ? null : this.fineTuneFile(spec.validation_file);
    if (spec.validation_file !== null && validation === null) throw errors.unknownFile('validation_file', spec.validation_file);
    const model = this.fineTunedModels().has(spec.model) ? spec.model : resolveBaseModel(spec.model, this.dialect.provider);
    if (model === null) throw errors.modelNotAvailable(spec.model);

    const format: ExampleFormat = spec.method.type === 'dpo' ? 'preference' : isCompletionModel(baseModelOf(model)) ? 'completion' : 'chat';
    const trainingCheck = checkTrainingData(training.content, format, 'training_file');
    const validationCheck = validation === null ? null : checkTrainingData(validation.content, format, 'validation_file');
    let outcome: Outcome = { kind: 'succeed' };
    let summary: DataSummary | null = null;
    if (isDataProblem(trainingCheck)) outcome = { kind: 'fail', at: 'validation', error: trainingCheck };
    else if (validationCheck !== null && isDataProblem(validationCheck)) outcome = { kind: 'fail', at: 'validation', error: validationCheck };
    else {
      summary = trainingCheck;
      const failMessage = spec.metadata?.[FAIL_METADATA_KEY];
      if (failMessage !== undefined) outcome = { kind: 'fail', at: 'end', error: requestedFailure(failMessage) };
    }
    const seed = spec.seed ?? Math.floor(Math.random() * 2147483647);
    const job = new JobRecord(this.dialect.ids.job(), now, { ...spec, model }, seed, this.settings.timings, outcome, summary, this.dialect, this.settings.organizationName);
    this.jobs.set(job.id, job);
    return job;
  }

  job(id: string): JobRecord {
    const job = this.jobs.get(id);
    if (job === undefined) throw this.dialect.errors.jobNotFound(id);
    return job;
  }

  file(id: string): StoredFile {
    const file = this.files.get(id);
    if (file === undefined) throw this.dialect.errors.fileNotFound(id);
    return file;
  }

  jobObject(job: JobRecord): ReturnType<JobRecord['toObject']> {
    return job.toObject(this.settings.organizationId);
  }

  private fineTuneFile(id: string): StoredFile | null {
    const file = this.files.get(id);
    return file !== undefined && file.purpose === 'fine-tune' ? file : null;
  }

  private addResultFile(csv: string, at: number): string {
    return this.addFile('step_metrics.csv', 'fine-tune-results', new TextEncoder().encode(csv), at, null).id;
  }
}

/** The job error of a failure that metadata or the control API asked for. */
export function requestedFailure(message: string | undefined): JobError {
  const text = message === undefined || message.trim() === '' ? 'The job failed because the server was asked to make it fail.' : message;
  return { code: 'requested_failure', message: text, param: null };
}
