/**
 * The content check of a fine-tuning training file (JSON Lines), line by line, before it is
 * uploaded: every non-blank line one JSON object in one of OpenAI's fine-tuning formats, all
 * lines in the same format, at least MIN_EXAMPLES of them. The first problem is kept, with its
 * line number, so that a person can find it in the file.
 */

/** OpenAI's formats of a training example. */
export type TrainingFormat = 'chat' | 'preference' | 'prompt-completion';

/** OpenAI's minimum number of training examples for a fine-tuning job. */
export const MIN_EXAMPLES = 10;

/**
 * The largest file one `POST /files` request takes: "Individual files can be up to 512 MB"
 * (OpenAI's OpenAPI description of createFile, spec 2.3.0). Counted as 512 × 1,048,576 bytes,
 * so that no file the service takes is refused here; a lower limit of a service (Azure OpenAI)
 * comes back as its own error.
 */
export const UPLOAD_SIZE_LIMIT = 512 * 1024 * 1024;

/** What keeps a file of `bytes` bytes from one upload, or null when it fits. */
export function uploadSizeProblem(bytes: number): string | null {
  return bytes > UPLOAD_SIZE_LIMIT ? `has ${bytes} bytes; one upload takes at most ${UPLOAD_SIZE_LIMIT} bytes (512 MB)` : null;
}

const FORMAT_NAMES: Record<TrainingFormat, string> = {
  chat: 'the chat format ("messages")',
  preference: 'the preference format ("input", "preferred_output", "non_preferred_output")',
  'prompt-completion': 'the prompt/completion format ("prompt", "completion")',
};

/** Roles a chat message may have. */
const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

/** Longest piece of a line quoted back in a problem. */
const SHOWN_LENGTH = 40;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The start of a line, quoted, for a problem that cannot point at a field. */
function shown(text: string): string {
  return JSON.stringify(text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text);
}

/** What is wrong with one chat message (`where`: "message 2" or "preferred_output 1"), or null. */
function messageProblem(message: unknown, where: string, onlyAssistant: boolean): string | null {
  if (!isObject(message)) return `${where} is not a JSON object`;
  const role = message['role'];
  if (typeof role !== 'string') return `${where} has no "role"`;
  if (ROLES.indexOf(role) < 0) return `${where} has the role ${shown(role)}; a role is one of ${ROLES.join(', ')}`;
  if (onlyAssistant && role !== 'assistant') return `${where} has the role "${role}"; an output message is an assistant message`;
  const content = message['content'];
  const callsInstead = role === 'assistant' && (has(message, 'tool_calls') || has(message, 'function_call'));
  if (typeof content === 'string' || Array.isArray(content)) return null;
  if ((content === null || content === undefined) && callsInstead) return null;
  return `${where} ("${role}") has no "content" (a string or a list of parts)`;
}

/**
 * What is wrong with the list of messages `messages` (found as `name`), or null; a message is
 * named `<prefix>message <n>`.
 */
function messagesProblem(messages: unknown, name: string, prefix: string, onlyAssistant: boolean): string | null {
  if (!Array.isArray(messages) || messages.length === 0) return `"${name}" is not a non-empty list of messages`;
  for (let i = 0; i < messages.length; i += 1) {
    const problem = messageProblem(messages[i], `${prefix}message ${i + 1}`, onlyAssistant);
    if (problem !== null) return problem;
  }
  return null;
}

function chatProblem(example: JsonObject): string | null {
  const problem = messagesProblem(example['messages'], 'messages', '', false);
  if (problem !== null) return problem;
  const messages = example['messages'] as JsonObject[];
  if (!messages.some((message) => message['role'] === 'assistant')) {
    return 'has no assistant message; each example needs one for the model to learn from';
  }
  return null;
}

function preferenceProblem(example: JsonObject): string | null {
  for (const key of ['input', 'preferred_output', 'non_preferred_output']) {
    if (!has(example, key)) return `has no "${key}"; a preference example has "input", "preferred_output" and "non_preferred_output"`;
  }
  const input = example['input'];
  if (!isObject(input)) return '"input" is not a JSON object with "messages"';
  return (
    messagesProblem(input['messages'], 'input.messages', 'input ', false) ??
    messagesProblem(example['preferred_output'], 'preferred_output', 'preferred_output ', true) ??
    messagesProblem(example['non_preferred_output'], 'non_preferred_output', 'non_preferred_output ', true)
  );
}

function promptCompletionProblem(example: JsonObject): string | null {
  if (typeof example['prompt'] !== 'string') return '"prompt" is missing or not a string';
  if (typeof example['completion'] !== 'string') return '"completion" is missing or not a string';
  return null;
}

/** The format an example claims by its keys, or null when it claims none. */
function formatOf(example: JsonObject): TrainingFormat | null {
  if (has(example, 'input') || has(example, 'preferred_output') || has(example, 'non_preferred_output')) return 'preference';
  if (has(example, 'messages')) return 'chat';
  if (has(example, 'prompt') || has(example, 'completion')) return 'prompt-completion';
  return null;
}

const FORMAT_CHECKS: Record<TrainingFormat, (example: JsonObject) => string | null> = {
  chat: chatProblem,
  preference: preferenceProblem,
  'prompt-completion': promptCompletionProblem,
};

/** The problem of a file whose bytes are not all UTF-8. */
function nonUtf8Problem(first: { byte: number; line: number }): string {
  return `line ${first.line} is not valid UTF-8 (byte ${first.byte} of the file is not UTF-8); save the file as UTF-8`;
}

/**
 * What is known of a file's bytes: the first byte that is not UTF-8 (its position in the file and
 * its line), null when every byte is UTF-8, or undefined when the bytes have not been looked at.
 */
export type Utf8Verdict = { byte: number; line: number } | null | undefined;

/**
 * Reads a training file's lines in order (`addLine`) and keeps the first problem; `result()`
 * then gives it, or the count problem, or null for a file fit for fine-tuning.
 *
 * The lines come decoded, and a byte that is not UTF-8 arrives as U+FFFD, a character a valid
 * file may hold too. Without a verdict on the bytes (`utf8` undefined), the first U+FFFD is a
 * problem that says both readings, and `needsByteCheck()` is true: check the bytes and read the
 * file again with the verdict, which reports the line of the first byte that is not UTF-8 and
 * takes every U+FFFD as a character.
 */
export class TrainingFileCheck {
  private lineNumber = 0;
  private examples = 0;
  private format: TrainingFormat | null = null;
  private formatLine = 0;
  private problem: string | null = null;
  private replacementFound = false;
  private readonly utf8: Utf8Verdict;

  constructor(utf8?: Utf8Verdict) {
    this.utf8 = utf8;
  }

  /** One line of the file, without its line break. */
  addLine(line: string): void {
    this.lineNumber += 1;
    if (this.problem !== null) return;
    if (this.utf8 && this.utf8.line === this.lineNumber) {
      this.problem = nonUtf8Problem(this.utf8);
      return;
    }
    // A UTF-8 byte order mark may open the file (Azure OpenAI's documentation asks for one).
    const text = this.lineNumber === 1 && line.charAt(0) === '\uFEFF' ? line.slice(1) : line;
    if (text.trim() === '') return;
    const problem = this.exampleProblem(text);
    if (problem !== null) this.problem = `line ${this.lineNumber} ${problem}`;
    else this.examples += 1;
  }

  /** The first problem (starting "line N …" or "has …"), or null when the file is fit. */
  result(): string | null {
    if (this.problem !== null) return this.problem;
    // Bytes that are not UTF-8 on a line the reader did not count the same way: refused all the same.
    if (this.utf8) return nonUtf8Problem(this.utf8);
    if (this.examples < MIN_EXAMPLES) {
      return `has ${this.examples} training example${this.examples === 1 ? '' : 's'}; OpenAI needs at least ${MIN_EXAMPLES}`;
    }
    return null;
  }

  /** Whether the first problem is a U+FFFD that only the file's bytes can explain (no verdict given). */
  needsByteCheck(): boolean {
    return this.replacementFound;
  }

  /** The format of the file's examples (null before the first one). */
  formatFound(): TrainingFormat | null {
    return this.format;
  }

  exampleCount(): number {
    return this.examples;
  }

  private exampleProblem(text: string): string | null {
    // Bytes that are not UTF-8 reach a script as U+FFFD, the replacement character; with a verdict on the bytes, it is a character.
    const replacement = this.utf8 === undefined ? text.indexOf('\uFFFD') : -1;
    if (replacement >= 0) {
      this.replacementFound = true;
      return `holds U+FFFD, the replacement character (character ${replacement + 1}): the file is not valid UTF-8, or holds that character`;
    }
    // JavaScript's trim() takes U+FEFF for a space, but JSON does not: name it.
    if (/^[ \t\r\n]*\uFEFF/.test(text)) {
      return 'starts with a byte order mark (U+FEFF); only the start of the file may have one';
    }
    let example: unknown;
    try {
      example = JSON.parse(text);
    } catch {
      return `is not valid JSON: ${shown(text.trim())}; each line holds one JSON object`;
    }
    if (!isObject(example)) return `is JSON, but not an object: ${shown(text.trim())}; each line holds one JSON object`;
    const format = formatOf(example);
    if (format === null) {
      return `is in none of the fine-tuning formats: ${FORMAT_NAMES.chat}, ${FORMAT_NAMES.preference}, or ${FORMAT_NAMES['prompt-completion']}`;
    }
    if (this.format === null) {
      this.format = format;
      this.formatLine = this.lineNumber;
    } else if (format !== this.format) {
      return `is in ${FORMAT_NAMES[format]}, but line ${this.formatLine} is in ${FORMAT_NAMES[this.format]}; a file holds one format`;
    }
    const problem = FORMAT_CHECKS[format](example);
    return problem === null ? null : `(${format}): ${problem}`;
  }
}
