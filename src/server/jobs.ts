/**
 * One fine-tuning job and its life: validating_files → queued → running → succeeded (or failed,
 * or cancelled). Nothing runs in the background: `advanceTo(now)` replays whatever the clock says
 * has happened since the last request, stamping each event with the time it happened, so a job
 * looks the same whether it is polled every second or once at the end.
 */
import type { FineTuningJobCheckpoint } from 'openai/resources/fine-tuning/jobs/checkpoints';
import type { FineTuningJob, FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import { unixSeconds } from './clock.js';
import type { Hyperparameters, JobSpec } from './create-request.js';
import { TERMINAL_PHASES, type Dialect, type Phase } from './dialect.js';
import type { DataSummary } from './training-data.js';

/** Seconds a job spends in each phase before it moves on. */
export interface JobTimings {
  validatingFiles: number;
  queued: number;
  running: number;
}

export interface JobError {
  code: string;
  message: string;
  param: string | null;
}

/** How the job will end if nobody cancels it: it succeeds, or fails after validation or at the end of training. */
export type Outcome = { kind: 'succeed' } | { kind: 'fail'; at: 'validation' | 'end'; error: JobError };

/** A job as the server answers it: OpenAI's shape, with Azure's `pending` among the statuses. */
export type ServedJob = Omit<FineTuningJob, 'status'> & { status: FineTuningJob['status'] | 'pending' };

interface StoredEvent {
  id: string;
  at: number;
  level: FineTuningJobEvent['level'];
  message: string;
  type: NonNullable<FineTuningJobEvent['type']>;
  data: Record<string, number | string>;
}

/** What a succeeded job leaves behind: its results file is created by the account that holds it. */
export type ResultFileMaker = (job: JobRecord, metricsCsv: string, at: number) => string;

/** Numbers OpenAI picks for `auto` (its data-preparation guide: 3 epochs, adjusted so that 100-25,000 examples are seen). */
function resolveHyperparameters(given: Hyperparameters, examples: number, withBeta: boolean): Hyperparameters {
  let epochs = 3;
  if (examples * epochs < 100) epochs = Math.min(25, Math.ceil(100 / examples));
  else if (examples * epochs > 25000) epochs = Math.max(1, Math.floor(25000 / examples));
  const resolved: Hyperparameters = {
    n_epochs: given.n_epochs === 'auto' ? epochs : given.n_epochs,
    batch_size: given.batch_size === 'auto' ? Math.max(1, Math.min(256, Math.round(examples * 0.002))) : given.batch_size,
    learning_rate_multiplier: given.learning_rate_multiplier === 'auto' ? 2 : given.learning_rate_multiplier,
  };
  if (withBeta) resolved.beta = given.beta === undefined || given.beta === 'auto' ? 0.1 : given.beta;
  return resolved;
}

/** A training loss that falls from about 2.1 towards 0.1 over the run: plausible, and the same every time. */
function lossAt(fraction: number): number {
  return Math.round((2 * Math.exp(-3 * fraction) + 0.1) * 1000) / 1000;
}

function accuracyAt(fraction: number): number {
  return Math.round((0.55 + 0.4 * (1 - Math.exp(-3 * fraction))) * 1000) / 1000;
}

export class JobRecord {
  phase: Phase = 'validating_files';
  finishedAt: number | null = null;
  error: JobError | null = null;
  fineTunedModel: string | null = null;
  trainedTokens: number | null = null;
  resultFiles: string[] = [];
  checkpoints: FineTuningJobCheckpoint[] = [];
  private readonly events: StoredEvent[] = [];
  private hyperparameters: Hyperparameters;
  private metricsEmitted = 0;
  private readonly plan: { validated: number; started: number; finished: number };

  constructor(
    readonly id: string,
    readonly createdAt: number,
    /** The checked request, with `model` resolved to the dated name the job trains. */
    readonly spec: JobSpec,
    readonly seed: number,
    timings: JobTimings,
    private outcome: Outcome,
    /** The training file's examples and tokens (null when validation will fail). */
    private readonly training: DataSummary | null,
    private readonly dialect: Dialect,
    private readonly organizationName: string,
  ) {
    this.hyperparameters = spec.method.hyperparameters;
    const validated = createdAt + timings.validatingFiles * 1000;
    const started = validated + timings.queued * 1000;
    this.plan = { validated, started, finished: started + timings.running * 1000 };
    this.addEvent(createdAt, 'info', `Created fine-tuning job: ${id}`);
    this.addEvent(createdAt, 'info', `Validating training file: ${spec.training_file}${spec.validation_file ? ` and validation file: ${spec.validation_file}` : ''}`);
  }

  get ended(): boolean {
    return TERMINAL_PHASES.includes(this.phase);
  }

  /** Replays what has happened up to `now`. */
  advanceTo(now: number, makeResultFile: ResultFileMaker): void {
    if (this.phase === 'validating_files' && now >= this.plan.validated) {
      if (this.outcome.kind === 'fail' && this.outcome.at === 'validation') {
        this.fail(this.plan.validated, this.outcome.error);
        return;
      }
      this.hyperparameters = resolveHyperparameters(this.spec.method.hyperparameters, this.training?.examples ?? 1, this.spec.method.type === 'dpo');
      this.phase = 'queued';
      this.addEvent(this.plan.validated, 'info', 'Files validated, moving job to queued state');
    }
    if (this.phase === 'queued' && now >= this.plan.started) {
      this.phase = 'running';
      this.addEvent(this.plan.started, 'info', 'Fine-tuning job started');
    }
    if (this.phase === 'running') {
      this.emitMetricsUntil(Math.min(now, this.plan.finished));
      if (now < this.plan.finished) return;
      if (this.outcome.kind === 'fail') this.fail(this.plan.finished, this.outcome.error);
      else this.succeed(this.plan.finished, makeResultFile);
    }
  }

  /** Cancels a job that has not ended; false when it already has. */
  cancel(now: number): boolean {
    if (this.ended) return false;
    this.phase = 'cancelled';
    this.addEvent(now, 'info', 'Fine-tuning job cancelled');
    return true;
  }

  /** Makes a job that has not ended fail now (the server's control API); false when it already ended. */
  failNow(now: number, error: JobError): boolean {
    if (this.ended) return false;
    this.fail(now, error);
    return true;
  }

  /** Events, newest first, as the events endpoint lists them. */
  eventObjects(): FineTuningJobEvent[] {
    return this.events
      .map((event): FineTuningJobEvent => ({
        object: 'fine_tuning.job.event',
        id: event.id,
        created_at: unixSeconds(event.at),
        level: event.level,
        message: event.message,
        type: event.type,
        data: event.data,
      }))
      .reverse();
  }

  toObject(organizationId: string): ServedJob {
    const { spec } = this;
    const { beta, ...common } = this.hyperparameters;
    const method: FineTuningJob['method'] =
      spec.method.type === 'dpo'
        ? { type: 'dpo', dpo: { hyperparameters: { ...common, beta: beta ?? 'auto' } } }
        : { type: 'supervised', supervised: { hyperparameters: common } };
    return {
      object: 'fine_tuning.job',
      id: this.id,
      created_at: unixSeconds(this.createdAt),
      error: this.error,
      fine_tuned_model: this.fineTunedModel,
      finished_at: this.finishedAt === null ? null : unixSeconds(this.finishedAt),
      hyperparameters: common,
      model: spec.model,
      organization_id: organizationId,
      result_files: this.resultFiles,
      seed: this.seed,
      status: this.dialect.statusOf(this.phase) as ServedJob['status'],
      trained_tokens: this.trainedTokens,
      training_file: spec.training_file,
      validation_file: spec.validation_file,
      estimated_finish: this.phase === 'running' || this.phase === 'queued' ? unixSeconds(this.plan.finished) : null,
      integrations: spec.integrations,
      metadata: spec.metadata,
      method,
    };
  }

  private addEvent(at: number, level: StoredEvent['level'], message: string, type: StoredEvent['type'] = 'message', data: StoredEvent['data'] = {}): void {
    this.events.push({ id: this.dialect.ids.event(), at, level, message, type, data });
  }

  private totalSteps(): number {
    const { n_epochs: epochs, batch_size: batch } = this.hyperparameters;
    const examples = this.training?.examples ?? 1;
    return (typeof epochs === 'number' ? epochs : 3) * Math.ceil(examples / (typeof batch === 'number' ? batch : 1));
  }

  /** Up to 10 `metrics` events, evenly spread over the running phase. */
  private emitMetricsUntil(until: number): void {
    const total = this.totalSteps();
    const count = Math.min(total, 10);
    const span = this.plan.finished - this.plan.started;
    while (this.metricsEmitted < count) {
      const k = this.metricsEmitted + 1;
      const at = this.plan.started + Math.floor((span * k) / (count + 1));
      if (at > until) return;
      const step = Math.round((k * total) / count);
      const loss = lossAt(step / total);
      this.addEvent(at, 'info', `Step ${step}/${total}: training loss=${loss.toFixed(2)}`, 'metrics', {
        step,
        train_loss: loss,
        train_mean_token_accuracy: accuracyAt(step / total),
        total_steps: total,
      });
      this.metricsEmitted = k;
    }
  }

  private fail(at: number, error: JobError): void {
    this.phase = 'failed';
    this.error = error;
    this.finishedAt = at;
    this.addEvent(at, 'error', error.message);
  }

  private succeed(at: number, makeResultFile: ResultFileMaker): void {
    const total = this.totalSteps();
    const epochs = typeof this.hyperparameters.n_epochs === 'number' ? this.hyperparameters.n_epochs : 3;
    this.fineTunedModel = this.dialect.fineTunedModel(this.spec.model, this.id, this.spec.suffix, this.organizationName);
    this.trainedTokens = (this.training?.tokens ?? 0) * epochs;
    // One checkpoint at the end of each of the last (up to) three epochs; the last one is the model itself.
    const stepsPerEpoch = total / epochs;
    for (let epoch = Math.max(1, epochs - 2); epoch <= epochs; epoch += 1) {
      const step = Math.round(epoch * stepsPerEpoch);
      const model = epoch === epochs ? this.fineTunedModel : `${this.fineTunedModel}:ckpt-step-${step}`;
      this.checkpoints.push({
        object: 'fine_tuning.job.checkpoint',
        id: this.dialect.ids.checkpoint(),
        created_at: unixSeconds(at),
        fine_tuned_model_checkpoint: model,
        fine_tuning_job_id: this.id,
        step_number: step,
        metrics: { step, train_loss: lossAt(step / total), train_mean_token_accuracy: accuracyAt(step / total) },
      });
      if (epoch !== epochs) this.addEvent(at, 'info', `Checkpoint created at step ${step}`);
    }
    this.resultFiles = [makeResultFile(this, this.metricsCsv(total), at)];
    this.addEvent(at, 'info', `New fine-tuned model created: ${this.fineTunedModel}`);
    this.addEvent(at, 'info', 'The job has successfully completed');
    this.phase = 'succeeded';
    this.finishedAt = at;
  }

  /** The results file OpenAI attaches to a finished job: one line of metrics a step. */
  private metricsCsv(total: number): string {
    const lines = ['step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy'];
    for (let step = 1; step <= total; step += 1) {
      lines.push(`${step},${lossAt(step / total)},${accuracyAt(step / total)},,`);
    }
    return `${lines.join('\n')}\n`;
  }
}
