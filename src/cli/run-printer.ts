/**
 * What `qaddon run` prints: a RunObserver that writes each log line, request, answer and call's
 * end as it happens, and the data items at the end. Every text that comes from the add-on or the
 * API is shown with the keys masked and control characters escaped.
 */
import { printable } from '../host/printable.js';
import type { RunObserver } from '../host/run-addon.js';
import type { WireBody } from '../host/run-http.js';
import type { RecordedData } from '../host/runtime/protocol.js';
import type { CallResult, WireAnswer, WireRequest } from '../host/runtime/run-protocol.js';

/** Characters of a request body printed before it is cut. */
const BODY_PRINT_LIMIT = 2000;

/** The masked form of a key in what is printed: its first 8 and last 4 characters at most. */
export function maskedKey(key: string): string {
  if (key.length < 24) return '*'.repeat(key.length);
  return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

/** Prints a run: every text that comes from the add-on or the API goes through `shown` (keys masked, control characters escaped). */
export class RunPrinter implements RunObserver {
  private readonly print: (line: string) => void;
  private readonly tokens: string[];
  private readonly rerouted: boolean;
  private previous: RecordedData[] = [];

  constructor(print: (line: string) => void, tokens: string[], rerouted: boolean) {
    this.print = print;
    this.rerouted = rerouted;
    // Longest first, so that a key that contains another is masked whole.
    this.tokens = [...tokens].sort((a, b) => b.length - a.length);
  }

  shown(text: string): string {
    let masked = text;
    for (const token of this.tokens) masked = masked.split(token).join(maskedKey(token));
    return printable(masked);
  }

  private lines(indent: string, text: string): void {
    for (const line of text.split(/\r\n|\r|\n/)) this.print(`${indent}${this.shown(line)}`);
  }

  log(text: string): void {
    this.lines('  log  ', text);
  }

  refused(problem: string): void {
    this.print(`  !    ${this.shown(problem)}`);
  }

  request(request: WireRequest, sentTo: string, sent: WireBody): void {
    this.print(`  →    ${this.shown(`${request.method} ${request.url}`)}`);
    // With --server every request goes there, as the header said; real HTTP goes where it says.
    if (sentTo !== request.url && !this.rerouted) this.print(`         (sent to ${this.shown(sentTo)})`);
    for (const [name, value] of request.headers) this.print(`         ${this.shown(`${name}: ${value}`)}`);
    const body = request.body;
    if (body.kind === 'none') return;
    // The Content-Type as sent (a multipart one with its boundary), unless the step set its own, printed above.
    const ownType = request.headers.some(([name]) => name.toLowerCase() === 'content-type');
    if (!ownType && sent.contentType !== null) this.print(`         Content-Type: ${this.shown(sent.contentType)}`);
    if (body.kind === 'multipart') {
      for (const part of body.parts) {
        if ('text' in part) this.print(`         part ${this.shown(JSON.stringify(part.name))}: ${this.shown(part.text)}`);
        else this.print(`         part ${this.shown(JSON.stringify(part.name))}: file ${this.shown(JSON.stringify(part.filename))} (${this.shown(part.contentType)}, ${Buffer.from(part.base64, 'base64').length.toLocaleString('en')} bytes)`);
      }
      return;
    }
    const text = (sent.bytes as Buffer).toString('utf8');
    const cut = text.length > BODY_PRINT_LIMIT ? `${text.slice(0, BODY_PRINT_LIMIT)}… (${text.length.toLocaleString('en')} characters in all)` : text;
    this.lines('         ', cut);
  }

  answer(answer: WireAnswer, milliseconds: number): void {
    if ('error' in answer) {
      this.print(`  ←    no answer: ${this.shown(answer.error)}`);
      return;
    }
    const type = answer.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? 'no content type';
    const bytes = Buffer.from(answer.base64, 'base64').length;
    this.print(`  ←    HTTP ${answer.status} ${this.shown(type)}, ${bytes.toLocaleString('en')} bytes, ${Math.round(milliseconds)} ms`);
  }

  callStarted(entry: string, number: number): void {
    this.print(`── ${entry}()${number > 1 ? ` #${number}` : ''} ──`);
  }

  callEnded(entry: string, result: CallResult, data: RecordedData[], milliseconds: number): void {
    const took = `${(milliseconds / 1000).toFixed(1)} s`;
    if ('error' in result) {
      this.print(`── ${entry}() failed (${took}): ${this.shown(result.error)}${result.where ? ` (at ${this.shown(result.where)})` : ''}`);
    } else if (result.returned === 'false') {
      const changed = data.filter((item) => this.previous.find((before) => before.name === item.name)?.value !== item.value && item.value !== null && !item.value.includes('\n'));
      const now = changed.length === 0 ? '' : `; now ${changed.map((item) => `${item.name} = ${item.value}`).join(', ')}`;
      this.print(`── ${entry}() returned false: the step has not ended (${took})${this.shown(now)}`);
    } else {
      this.print(`── ${entry}() returned ${this.shown(result.returned)}: the step has ended (${took})`);
    }
    this.previous = data;
  }

  waiting(milliseconds: number, next: number): void {
    const at = new Date(Date.now() + milliseconds).toTimeString().slice(0, 8);
    this.print(`   … waiting ${milliseconds / 1000} s, then proceed() #${next} (at ${at}; Ctrl-C stops)`);
  }

  dataItems(data: RecordedData[] | null): void {
    if (data === null) {
      this.print('Data items: unknown (the run was stopped)');
      return;
    }
    this.print(data.length === 0 ? 'Data items: none chosen (--item, --file)' : 'Data items after the run:');
    for (const item of data) {
      if (item.value === null || item.value === '') this.print(`  ${this.shown(item.name)} = (empty)`);
      else if (!/[\r\n]/.test(item.value)) this.print(`  ${this.shown(item.name)} = ${this.shown(item.value)}`);
      else {
        this.print(`  ${this.shown(item.name)} =`);
        this.lines('      ', item.value);
      }
    }
  }
}
