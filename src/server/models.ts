/**
 * The base models a job may start from, as OpenAI and Azure OpenAI name them, and the names of
 * the models a finished job produces.
 */
import { randomBase62 } from './ids.js';

/** Dated models OpenAI fine-tunes (its fine-tuning guide), and the short names it resolves to them. */
const OPENAI_MODELS: Readonly<Record<string, string>> = {
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-2025-04-14': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-mini-2025-04-14': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  'gpt-4.1-nano-2025-04-14': 'gpt-4.1-nano-2025-04-14',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-2024-08-06': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4o-mini-2024-07-18': 'gpt-4o-mini-2024-07-18',
  'gpt-3.5-turbo': 'gpt-3.5-turbo-0125',
  'gpt-3.5-turbo-0125': 'gpt-3.5-turbo-0125',
  'gpt-3.5-turbo-1106': 'gpt-3.5-turbo-1106',
  'gpt-3.5-turbo-0613': 'gpt-3.5-turbo-0613',
  'babbage-002': 'babbage-002',
  'davinci-002': 'davinci-002',
};

/** Azure OpenAI also knows GPT-3.5 Turbo by its own spelling. */
const AZURE_ONLY_MODELS: Readonly<Record<string, string>> = {
  'gpt-35-turbo-0613': 'gpt-35-turbo-0613',
  'gpt-35-turbo-1106': 'gpt-35-turbo-1106',
  'gpt-35-turbo-0125': 'gpt-35-turbo-0125',
};

/** Models trained on prompt/completion pairs rather than chat messages. */
const COMPLETION_MODELS = new Set(['babbage-002', 'davinci-002']);

/** The dated base model `requested` names, or null when it is not one this service fine-tunes. */
export function resolveBaseModel(requested: string, provider: 'openai' | 'azure'): string | null {
  const table = provider === 'azure' ? { ...OPENAI_MODELS, ...AZURE_ONLY_MODELS } : OPENAI_MODELS;
  return Object.prototype.hasOwnProperty.call(table, requested) ? (table[requested] as string) : null;
}

/** The base model under an OpenAI `ft:<base>:<org>:<suffix>:<id>` name (the name itself otherwise). */
export function baseModelOf(model: string): string {
  return model.startsWith('ft:') ? (model.split(':')[1] ?? model) : model;
}

export function isCompletionModel(model: string): boolean {
  return COMPLETION_MODELS.has(baseModelOf(model));
}

/** OpenAI: `ft:gpt-4o-mini-2024-07-18:my-org:my-suffix:AbC12dEf` (suffix empty when none). */
export function openaiFineTunedModel(model: string, organizationName: string, suffix: string | null): string {
  return `ft:${baseModelOf(model)}:${organizationName}:${suffix ?? ''}:${randomBase62(8)}`;
}

/** Azure OpenAI: `gpt-4o-mini-2024-07-18.ft-<job hex>` plus `-<suffix>` when given. */
export function azureFineTunedModel(model: string, jobId: string, suffix: string | null): string {
  const base = model.includes('.ft-') ? model.slice(0, model.indexOf('.ft-')) : model;
  return `${base}.ft-${jobId.replace(/^ftjob-/, '')}${suffix ? `-${suffix}` : ''}`;
}
