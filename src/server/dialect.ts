/**
 * The two services the server speaks as: OpenAI (`/v1/…`, `Authorization: Bearer`) and Azure
 * OpenAI (`/openai/…?api-version=…`, `api-key`). They share the protocol; they differ in IDs,
 * the statuses a job shows before it runs, the names of fine-tuned models, limits and errors.
 */
import { AZURE_ERRORS, OPENAI_ERRORS, type ErrorCatalog } from './errors.js';
import { AZURE_IDS, OPENAI_IDS, type IdFactory } from './ids.js';
import { azureFineTunedModel, openaiFineTunedModel } from './models.js';

/** Where a job is in its life; `status` in the answers is this, as the service shows it. */
export type Phase = 'validating_files' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const TERMINAL_PHASES: readonly Phase[] = ['succeeded', 'failed', 'cancelled'];

export interface Dialect {
  readonly provider: 'openai' | 'azure';
  readonly ids: IdFactory;
  readonly errors: ErrorCatalog;
  /** Longest `suffix` a create request may give. */
  readonly maxSuffixLength: number;
  /** Purposes `POST /files` accepts. */
  readonly uploadPurposes: readonly string[];
  statusOf(phase: Phase): string;
  fineTunedModel(model: string, jobId: string, suffix: string | null, organizationName: string): string;
}

export const OPENAI_DIALECT: Dialect = {
  provider: 'openai',
  ids: OPENAI_IDS,
  errors: OPENAI_ERRORS,
  maxSuffixLength: 64,
  uploadPurposes: ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'],
  statusOf: (phase) => phase,
  fineTunedModel: (model, _jobId, suffix, organizationName) => openaiFineTunedModel(model, organizationName, suffix),
};

/** Azure OpenAI shows `pending` until a job runs (its FineTuningState has no validating_files or queued). */
export const AZURE_DIALECT: Dialect = {
  provider: 'azure',
  ids: AZURE_IDS,
  errors: AZURE_ERRORS,
  maxSuffixLength: 40,
  uploadPurposes: ['fine-tune', 'assistants', 'batch'],
  statusOf: (phase) => (phase === 'validating_files' || phase === 'queued' ? 'pending' : phase),
  fineTunedModel: (model, jobId, suffix) => azureFineTunedModel(model, jobId, suffix),
};

/** An Azure `api-version`: a date, optionally `-preview`. */
export const AZURE_API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
