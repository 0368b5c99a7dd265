/**
 * What the validating_files phase checks in a training (or validation) file, as OpenAI does:
 * UTF-8 JSON Lines, one example a line in the format the job's method and model train on, at
 * least 10 training examples. A file that fails makes the job fail with OpenAI's error codes;
 * one that passes gives the example and token counts that `trained_tokens` is made of.
 */

export type ExampleFormat = 'chat' | 'completion' | 'preference';

export interface DataSummary {
  examples: number;
  /** A rough token count (4 characters a token, plus 4 per message), enough for `trained_tokens`. */
  tokens: number;
}

export interface DataProblem {
  code: string;
  message: string;
  param: string;
}

/** OpenAI refuses to train on fewer examples than this. */
export const MIN_TRAINING_EXAMPLES = 10;

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Characters of every string inside `value`. */
function textLength(value: Json | undefined): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + textLength(item), 0);
  if (isObject(value)) return Object.values(value).reduce<number>((sum, item) => sum + textLength(item), 0);
  return 0;
}

/** Why `messages` is not a list of chat messages (null when it is), and how many it holds. */
function messagesProblem(messages: Json | undefined, key: string, needAssistant: boolean): string | null {
  if (!Array.isArray(messages) || messages.length === 0) return `"${key}" must be a non-empty list of messages`;
  let assistants = 0;
  for (const [index, message] of messages.entries()) {
    if (!isObject(message)) return `${key}[${index}] is not an object`;
    const role = message['role'];
    if (typeof role !== 'string' || !ROLES.has(role)) return `${key}[${index}] has no valid "role" (system, user, assistant, tool)`;
    const content = message['content'];
    const hasToolCalls = Array.isArray(message['tool_calls']) || isObject(message['function_call']);
    if (typeof content !== 'string' && !Array.isArray(content) && !(content === null && hasToolCalls)) {
      return `${key}[${index}] has no "content"`;
    }
    if (role === 'assistant') assistants += 1;
  }
  if (needAssistant && assistants === 0) return `"${key}" has no message with role "assistant"`;
  return null;
}

/** Why one example does not fit `format`, or null when it does. */
function exampleProblem(example: Json, format: ExampleFormat): string | null {
  if (!isObject(example)) return 'each line must be a JSON object';
  switch (format) {
    case 'completion':
      if (typeof example['prompt'] !== 'string') return 'missing "prompt" (a string)';
      if (typeof example['completion'] !== 'string') return 'missing "completion" (a string)';
      return null;
    case 'preference': {
      const input = example['input'];
      if (!isObject(input)) return 'missing "input" (an object with "messages")';
      return (
        messagesProblem(input['messages'], 'input.messages', false) ??
        messagesProblem(example['preferred_output'], 'preferred_output', true) ??
        messagesProblem(example['non_preferred_output'], 'non_preferred_output', true)
      );
    }
    case 'chat':
      return messagesProblem(example['messages'], 'messages', true);
  }
}

/**
 * Checks a file's bytes; `param` is `training_file` or `validation_file`. Returns the summary, or
 * the job error OpenAI reports for such a file.
 */
export function checkTrainingData(content: Uint8Array, format: ExampleFormat, param: 'training_file' | 'validation_file'): DataSummary | DataProblem {
  const which = param === 'training_file' ? 'training' : 'validation';
  const invalid = (detail: string): DataProblem => ({
    code: `invalid_${which}_file`,
    message: `The job failed due to an invalid ${which} file. Invalid file format. ${detail}`,
    param,
  });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return invalid('The file is not UTF-8 text.');
  }
  let examples = 0;
  let tokens = 0;
  const lines = text.split('\n');
  for (const [index, rawLine] of lines.entries()) {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') continue;
    let example: Json;
    try {
      example = JSON.parse(line) as Json;
    } catch {
      return invalid(`Line ${index + 1} is not valid JSON.`);
    }
    const problem = exampleProblem(example, format);
    if (problem !== null) return invalid(`Line ${index + 1}: ${problem}.`);
    examples += 1;
    tokens += Math.ceil(textLength(example) / 4) + 4 * countMessages(example);
  }
  const minimum = param === 'training_file' ? MIN_TRAINING_EXAMPLES : 1;
  if (examples < minimum) {
    return {
      code: 'invalid_n_examples',
      message: `The job failed due to an invalid ${which} file. ${which === 'training' ? 'Training' : 'Validation'} file has ${examples} example(s), but must have at least ${minimum} examples`,
      param,
    };
  }
  return { examples, tokens };
}

function countMessages(example: Json): number {
  if (!isObject(example)) return 0;
  const lists = [example['messages'], isObject(example['input']) ? example['input']['messages'] : undefined, example['preferred_output'], example['non_preferred_output']];
  return lists.reduce<number>((sum, list) => sum + (Array.isArray(list) ? list.length : 0), 0) || 1;
}

export function isDataProblem(result: DataSummary | DataProblem): result is DataProblem {
  return 'code' in result;
}
