/**
 * The content check of a fine-tuning training file (src/lib/training-file.ts), line by line:
 * each format accepted, each problem found at its line, the first problem kept.
 */
import { describe, expect, test } from 'vitest';
import { MIN_EXAMPLES, TrainingFileCheck, UPLOAD_SIZE_LIMIT, uploadSizeProblem, type Utf8Verdict } from '../../src/lib/training-file.js';

const CHAT = JSON.stringify({ messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello.' }] });
const PREFERENCE = JSON.stringify({
  input: { messages: [{ role: 'user', content: 'Capital of France?' }] },
  preferred_output: [{ role: 'assistant', content: 'Paris.' }],
  non_preferred_output: [{ role: 'assistant', content: 'Lyon.' }],
});
const PROMPT_COMPLETION = JSON.stringify({ prompt: 'Capital of France?', completion: ' Paris.' });

/** The check's result for `lines`. */
function check(lines: string[]): string | null {
  const file = new TrainingFileCheck();
  for (const line of lines) file.addLine(line);
  return file.result();
}

/** `count` copies of `line`. */
function times(line: string, count: number = MIN_EXAMPLES): string[] {
  return Array.from({ length: count }, () => line);
}

/** Ten good chat lines with `line` put in at (1-based) `at`. */
function withLine(at: number, line: string): string[] {
  const lines = times(CHAT);
  lines.splice(at - 1, 0, line);
  return lines;
}

describe('training file check: accepted', () => {
  test.each([
    ['chat', CHAT],
    ['preference', PREFERENCE],
    ['prompt/completion', PROMPT_COMPLETION],
  ])('%s, 10 examples', (_name, line) => {
    const file = new TrainingFileCheck();
    for (const each of times(line)) file.addLine(each);
    expect(file.result()).toBeNull();
    expect(file.exampleCount()).toBe(10);
  });

  test('blank lines, a byte order mark at the start, CR left at line ends, parts and tool calls', () => {
    const toolCall = JSON.stringify({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Tokyo?' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Tokyo"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'assistant', content: 'Sunny.', weight: 1 },
      ],
      tools: [{ type: 'function', function: { name: 'weather' } }],
    });
    expect(check(['\uFEFF' + CHAT, '', '   ', ...times(`${toolCall}\r`, 9), ''])).toBeNull();
  });

  test('the limit is 512 MB of 1,048,576 bytes: a file of that size fits, one byte more does not', () => {
    expect(UPLOAD_SIZE_LIMIT).toBe(536_870_912);
    expect(uploadSizeProblem(0)).toBeNull();
    expect(uploadSizeProblem(536_870_912)).toBeNull();
    expect(uploadSizeProblem(536_870_913)).toBe('has 536870913 bytes; one upload takes at most 536870912 bytes (512 MB)');
  });
});

describe('training file check: the first problem, with its line number', () => {
  test.each([
    ['not JSON', withLine(3, '{"messages": ['), 'line 3 is not valid JSON: "{\\"messages\\": ["; each line holds one JSON object'],
    ['a JSON array', withLine(2, '[1, 2]'), 'line 2 is JSON, but not an object: "[1, 2]"; each line holds one JSON object'],
    ['a long line is quoted short', withLine(1, 'x'.repeat(100)), `line 1 is not valid JSON: "${'x'.repeat(40)}…"; each line holds one JSON object`],
    ['U+FFFD, the bytes not looked at', withLine(4, '{"prompt": "caf\uFFFD", "completion": "x"}'), 'line 4 holds U+FFFD, the replacement character (character 16): the file is not valid UTF-8, or holds that character'],
    ['a byte order mark after line 1', withLine(2, '\uFEFF' + CHAT), 'line 2 starts with a byte order mark (U+FEFF); only the start of the file may have one'],
    ['no format', withLine(5, '{"text": "hello"}'), 'line 5 is in none of the fine-tuning formats: the chat format ("messages"), the preference format ("input", "preferred_output", "non_preferred_output"), or the prompt/completion format ("prompt", "completion")'],
    ['a second format', withLine(7, PROMPT_COMPLETION), 'line 7 is in the prompt/completion format ("prompt", "completion"), but line 1 is in the chat format ("messages"); a file holds one format'],
    ['messages empty', withLine(1, '{"messages": []}'), 'line 1 (chat): "messages" is not a non-empty list of messages'],
    ['messages not a list', withLine(1, '{"messages": "hi"}'), 'line 1 (chat): "messages" is not a non-empty list of messages'],
    ['a message not an object', withLine(2, '{"messages": [{"role": "user", "content": "a"}, "b"]}'), 'line 2 (chat): message 2 is not a JSON object'],
    ['no role', withLine(2, '{"messages": [{"content": "a"}]}'), 'line 2 (chat): message 1 has no "role"'],
    ['an unknown role', withLine(2, '{"messages": [{"role": "bot", "content": "a"}]}'), 'line 2 (chat): message 1 has the role "bot"; a role is one of system, developer, user, assistant, tool, function'],
    ['no content', withLine(2, '{"messages": [{"role": "user"}, {"role": "assistant", "content": "b"}]}'), 'line 2 (chat): message 1 ("user") has no "content" (a string or a list of parts)'],
    ['content a number', withLine(2, '{"messages": [{"role": "user", "content": 1}, {"role": "assistant", "content": "b"}]}'), 'line 2 (chat): message 1 ("user") has no "content" (a string or a list of parts)'],
    ['no assistant message', withLine(9, '{"messages": [{"role": "user", "content": "a"}]}'), 'line 9 (chat): has no assistant message; each example needs one for the model to learn from'],
    ['prompt missing', times('{"completion": "b"}'), 'line 1 (prompt-completion): "prompt" is missing or not a string'],
    ['completion a number', times('{"prompt": "a", "completion": 2}'), 'line 1 (prompt-completion): "completion" is missing or not a string'],
  ])('%s', (_name, lines, expected) => {
    expect(check(lines)).toBe(expected);
  });

  test.each([
    ['no non_preferred_output', { input: { messages: [{ role: 'user', content: 'q' }] }, preferred_output: [{ role: 'assistant', content: 'a' }] }, 'has no "non_preferred_output"; a preference example has "input", "preferred_output" and "non_preferred_output"'],
    ['input without messages', { input: 'q', preferred_output: [], non_preferred_output: [] }, '"input" is not a JSON object with "messages"'],
    ['input messages empty', { input: { messages: [] }, preferred_output: [], non_preferred_output: [] }, '"input.messages" is not a non-empty list of messages'],
    ['preferred_output empty', { input: { messages: [{ role: 'user', content: 'q' }] }, preferred_output: [], non_preferred_output: [{ role: 'assistant', content: 'b' }] }, '"preferred_output" is not a non-empty list of messages'],
    ['an output from the user', { input: { messages: [{ role: 'user', content: 'q' }] }, preferred_output: [{ role: 'assistant', content: 'a' }], non_preferred_output: [{ role: 'user', content: 'b' }] }, 'non_preferred_output message 1 has the role "user"; an output message is an assistant message'],
  ])('preference: %s', (_name, example, problem) => {
    expect(check([...times(PREFERENCE, 3), JSON.stringify(example), ...times(PREFERENCE, 7)])).toBe(`line 4 (preference): ${problem}`);
  });

  test('only the first problem is kept', () => {
    expect(check(['not json', '[]', ...times(CHAT)])).toMatch(/^line 1 is not valid JSON/);
  });

  test('blank lines count as lines, not as examples', () => {
    expect(check(['', '', '{}', ...times(CHAT)])).toMatch(/^line 3 is in none of the fine-tuning formats/);
    expect(check(['', ...times(CHAT, 9), '', ''])).toBe('has 9 training examples; OpenAI needs at least 10');
  });

  test('too few examples, and none', () => {
    expect(check(times(PREFERENCE, 1))).toBe('has 1 training example; OpenAI needs at least 10');
    expect(check([])).toBe('has 0 training examples; OpenAI needs at least 10');
    expect(check(['', ' '])).toBe('has 0 training examples; OpenAI needs at least 10');
  });
});

describe('training file check: U+FFFD, told apart by a verdict on the bytes', () => {
  const REPLACEMENT = JSON.stringify({ messages: [{ role: 'user', content: 'caf\uFFFD' }, { role: 'assistant', content: 'x' }] });

  function checked(lines: string[], utf8?: Utf8Verdict): TrainingFileCheck {
    const file = new TrainingFileCheck(utf8);
    for (const line of lines) file.addLine(line);
    return file;
  }

  test('without a verdict: the first U+FFFD is a problem that asks for one', () => {
    const file = checked(withLine(3, REPLACEMENT));
    expect(file.needsByteCheck()).toBe(true);
    expect(file.result()).toBe('line 3 holds U+FFFD, the replacement character (character 43): the file is not valid UTF-8, or holds that character');
  });

  test('a problem before the first U+FFFD comes first, and asks for no verdict', () => {
    const file = checked(['{', ...withLine(3, REPLACEMENT)]);
    expect(file.needsByteCheck()).toBe(false);
    expect(file.result()).toBe('line 1 is not valid JSON: "{"; each line holds one JSON object');
  });

  test('every byte UTF-8: U+FFFD is a character like any other', () => {
    const file = checked(withLine(3, REPLACEMENT), null);
    expect(file.needsByteCheck()).toBe(false);
    expect(file.result()).toBeNull();
    expect(file.exampleCount()).toBe(11);
  });

  test('a byte that is not UTF-8: its line, where the lines come to it, a U+FFFD before it a character', () => {
    expect(checked([REPLACEMENT, ...withLine(5, REPLACEMENT)], { byte: 700, line: 6 }).result()).toBe('line 6 is not valid UTF-8 (byte 700 of the file is not UTF-8); save the file as UTF-8');
    expect(checked(['{', ...times(CHAT)], { byte: 700, line: 6 }).result()).toBe('line 1 is not valid JSON: "{"; each line holds one JSON object');
  });

  test('a byte that is not UTF-8 past the lines counted: refused all the same', () => {
    expect(checked(times(CHAT), { byte: 9000, line: 40 }).result()).toBe('line 40 is not valid UTF-8 (byte 9000 of the file is not UTF-8); save the file as UTF-8');
  });
});
