/**
 * `qaddon run <file.xml> [--config NAME=VALUE]… [--item NAME[:TYPE][=VALUE]]… [--file NAME=PATH]…
 *  [--token-env [NAME=]VAR] [--server URL] [--interval S] [--max-calls N] [--time-limit=S]`
 *
 * Runs an add-on's `main()` — then `proceed()` while it returns false, after a visible wait — in
 * the local host's sandbox (src/host/run-addon.ts), with the configs and data items given here,
 * and prints what a process admin would see: each log line, each request the step sends (method,
 * URL, headers with the key masked, body) and its answer, then every data item. The requests go
 * over real HTTP to the URLs the step builds, or with `--server URL` all of them to that server.
 * The key comes from an environment variable, never from the command line.
 *
 * Exit status: 0 when the step ended, 1 when it failed (its message is printed) or could not
 * run, 2 when the command line is wrong (an unknown config, a required one left out, …),
 * 130 when stopped with Ctrl-C.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { AddonConfig, AddonModel } from '../addon/model.js';
import { readAddonXml } from '../addon/xml-read.js';
import { addonNameOf } from '../host/graaljs.js';
import { printable } from '../host/printable.js';
import { DEFAULT_CALL_LIMIT_MS, runAddon, type AddonRun, type RunObserver, type RunOutcome } from '../host/run-addon.js';
import { bodyOf } from '../host/run-http.js';
import type { RecordedData } from '../host/runtime/protocol.js';
import type { CallResult, RunItem, RunSetup, WireAnswer, WireRequest } from '../host/runtime/run-protocol.js';
import { runScriptOf } from '../host/sources.js';

export const RUN_USAGE =
  'usage: qaddon run <file.xml> [--config NAME=VALUE]... [--item NAME[:TYPE][=VALUE]]... [--file NAME=PATH]... [--token-env [NAME=]VAR] [--server URL] [--interval S] [--max-calls N] [--time-limit=S]';

/** Seconds between a call that returned false and the next proceed(), unless --interval says otherwise. */
export const DEFAULT_INTERVAL_SECONDS = 10;
/** The most bytes all --file files together may have (they travel to the sandbox in memory). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Characters of a request body printed before it is cut. */
const BODY_PRINT_LIMIT = 2000;

/** Where a run prints, and what it reads the key from. */
export interface RunIo {
  env: NodeJS.ProcessEnv;
  print(line: string): void;
  printError(line: string): void;
  /** Aborting stops the run (Ctrl-C). */
  signal?: AbortSignal;
  /** The folder relative file names are read from (default: the current one). */
  cwd?: string;
}

export interface RunReport {
  status: number;
  /** How the run ended (null when it never started: a wrong command line). */
  outcome: RunOutcome | null;
}

/** The command line, read. */
interface RunArgs {
  file: string;
  configs: [string, string][];
  items: { name: string; type: string | null; value: string | null }[];
  files: [string, string][];
  tokens: { config: string | null; variable: string }[];
  server: URL | null;
  intervalMs: number;
  maxCalls: number | null;
  callLimitMs: number;
}

class UsageError extends Error {}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `NAME=VALUE` split at the first `=`; `VALUE` may be absent when `optional`. */
function nameValue(flag: string, text: string, optional: boolean): [string, string | null] {
  const at = text.indexOf('=');
  if (at < 0) {
    if (optional) return [text, null];
    throw new UsageError(`${flag} ${text}: expected NAME=VALUE`);
  }
  return [text.slice(0, at), text.slice(at + 1)];
}

function seconds(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min) throw new UsageError(`${flag}: "${text}" is not a number of seconds${min > 0 ? ' above 0' : ''}`);
  return value;
}

function parseArgs(args: string[]): RunArgs {
  const parsed: RunArgs = { file: '', configs: [], items: [], files: [], tokens: [], server: null, intervalMs: DEFAULT_INTERVAL_SECONDS * 1000, maxCalls: null, callLimitMs: DEFAULT_CALL_LIMIT_MS };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    let value: string;
    if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      value = next;
      i += 1;
    }
    switch (flag) {
      case '--config':
        parsed.configs.push(nameValue(flag, value, false) as [string, string]);
        break;
      case '--item': {
        const [nameAndType, itemValue] = nameValue(flag, value, true);
        const colon = nameAndType.indexOf(':');
        parsed.items.push(colon < 0 ? { name: nameAndType, type: null, value: itemValue } : { name: nameAndType.slice(0, colon), type: nameAndType.slice(colon + 1), value: itemValue });
        break;
      }
      case '--file':
        parsed.files.push(nameValue(flag, value, false) as [string, string]);
        break;
      case '--token-env': {
        const [first, second] = nameValue(flag, value, true);
        const variable = second ?? first;
        if (!ENV_NAME.test(variable)) throw new UsageError(`--token-env: "${variable}" is not an environment variable name (the key itself never goes on the command line)`);
        parsed.tokens.push({ config: second === null ? null : first, variable });
        break;
      }
      case '--server': {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          throw new UsageError(`--server: "${value}" is not a URL like http://127.0.0.1:4141`);
        }
        if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
          throw new UsageError(`--server: "${value}" is not an http(s) URL without query, fragment or user name, like http://127.0.0.1:4141`);
        }
        parsed.server = url;
        break;
      }
      case '--interval':
        parsed.intervalMs = Math.round(seconds(flag, value, 0) * 1000);
        break;
      case '--time-limit':
        parsed.callLimitMs = Math.round(seconds(flag, value, 0.001) * 1000);
        break;
      case '--max-calls': {
        if (!/^[1-9]\d{0,5}$/.test(value)) throw new UsageError(`--max-calls: "${value}" is not a number of calls (1 or more)`);
        parsed.maxCalls = Number(value);
        break;
      }
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'name the add-on file to run' : `one add-on file at a time (got ${positional.length}: ${positional.join(', ')})`);
  parsed.file = positional[0] as string;
  return parsed;
}

/** The data types a SELECT config accepts (`STRING|SELECT` → [STRING, SELECT]). */
function acceptedTypes(config: AddonConfig): string[] {
  return (config.selectDataType ?? '').split('|').map((type) => type.trim()).filter((type) => type !== '');
}

/** The concrete type of an item for an accepted type: a family stands for its usual member. */
const FAMILY_DEFAULT: Record<string, string> = { STRING: 'STRING_TEXTAREA', STRING_MULTILINE: 'STRING_TEXTAREA', DATE: 'DATE_YMD', SELECT: 'SELECT_SINGLE' };
const KNOWN_TYPES = ['STRING_TEXTFIELD', 'STRING_TEXTAREA', 'DECIMAL', 'DATE_YMD', 'DATE_YM', 'DATE_Y', 'DATE_MD', 'DATETIME', 'SELECT_SINGLE', 'SELECT_CHECKBOX', 'SELECT_DROPDOWN', 'FILE', 'QUSER', 'QGROUP', 'LIST', 'DISCUSSION'];

function fitsAccepted(type: string, accepted: string): boolean {
  if (accepted === 'STRING_MULTILINE') return type === 'STRING_TEXTAREA';
  return type === accepted || type.split('_')[0] === accepted;
}

function itemType(config: AddonConfig, wanted: string | null): string {
  const accepted = acceptedTypes(config);
  if (wanted === null) {
    const first = accepted[0] ?? 'STRING';
    return FAMILY_DEFAULT[first] ?? first;
  }
  if (!KNOWN_TYPES.includes(wanted)) throw new UsageError(`--item ${config.name}:${wanted}: no such data type; one of ${KNOWN_TYPES.join(', ')}`);
  if (!accepted.some((type) => fitsAccepted(wanted, type))) throw new UsageError(`--item ${config.name}:${wanted}: the config takes ${accepted.join(' or ')} data items`);
  return wanted;
}

/** Checks a data item's value before the run, as the form of that type would. */
function checkItemValue(config: string, type: string, value: string): void {
  const refuse = (why: string): never => {
    throw new UsageError(`--item ${config}=${value}: ${why}`);
  };
  if (type === 'STRING_TEXTFIELD' && /[\r\n]/.test(value)) refuse('a single-line string item holds no line break');
  if (type === 'DECIMAL' && !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) refuse('not a decimal number like 12 or -0.5');
  if (type === 'DATE_YMD' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) refuse('not a date like 2026-04-01');
  if (type === 'DATETIME' && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value)) refuse('not a date and time like 2026-04-01 09:30');
  if (/^(DATE_YM|DATE_Y|DATE_MD|FILE|QUSER|QGROUP|LIST|DISCUSSION)$/.test(type)) refuse(`qaddon run gives a ${type} item no value${type === 'FILE' ? ' (use --file NAME=PATH)' : ''}; leave out =VALUE`);
}

/** What the run of `model` needs, from the command line; every problem found before anything runs. */
async function planRun(args: RunArgs, model: AddonModel, env: NodeJS.ProcessEnv, cwd: string): Promise<{ setup: RunSetup; tokens: string[]; described: string[] }> {
  const declared = new Map(model.configs.map((config) => [config.name, config]));
  const given = new Map<string, string>();
  const problems: string[] = [];
  const described: { name: string; text: string }[] = [];
  const configOf = (flag: string, name: string): AddonConfig => {
    const config = declared.get(name);
    if (config === undefined) {
      const names = model.configs.map((each) => each.name).join(', ');
      throw new UsageError(`${flag} ${name}: the add-on declares no config named "${name}" (it declares ${names || 'none'})`);
    }
    const earlier = given.get(name);
    if (earlier !== undefined) throw new UsageError(`${flag} ${name}: the config is given twice (also by ${earlier})`);
    given.set(name, flag);
    return config;
  };

  const values: RunSetup['values'] = [];
  for (const [name, value] of args.configs) {
    const config = configOf('--config', name);
    switch (config.formType) {
      case 'SELECT':
        throw new UsageError(`--config ${name}: the config chooses a data item; give it with --item ${name}[=VALUE]${acceptedTypes(config).some((type) => type.startsWith('FILE')) ? ` or --file ${name}=PATH` : ''}`);
      case 'OAUTH2':
        throw new UsageError(`--config ${name}: the config is an HTTP authorization setting; give its token with --token-env ${name}=VAR (the name of an environment variable holding it)`);
      case 'TOGGLE':
        if (value !== 'true' && value !== 'false') throw new UsageError(`--config ${name}=${value}: a toggle is true or false`);
        break;
      case 'SELECT_ITEM':
        if (!config.editable && !config.items.some((item) => item.value === value)) {
          throw new UsageError(`--config ${name}=${value}: not one of the choices (${config.items.map((item) => item.value).join(', ')})`);
        }
        break;
      case 'TEXTFIELD':
      case 'TEXTAREA':
        break;
      default:
        throw new UsageError(`--config ${name}: qaddon run cannot give a ${config.formType} config`);
    }
    if (config.required && value.trim() === '') throw new UsageError(`--config ${name}: the config is required; give it a value`);
    values.push({ name, value });
    described.push({ name, text: `${name} = ${value}` });
  }

  const items: RunItem[] = [];
  for (const item of args.items) {
    const config = configOf('--item', item.name);
    if (config.formType !== 'SELECT') throw new UsageError(`--item ${item.name}: the config is a ${config.formType}, not a data item choice; give it with --config ${item.name}=VALUE`);
    const dataType = itemType(config, item.type);
    if (item.value !== null) checkItemValue(item.name, dataType, item.value);
    items.push({ config: item.name, dataType, value: item.value, files: [] });
    described.push({ name: item.name, text: `${item.name} = data item "${item.name}" (${dataType})${item.value === null ? ', empty' : `: ${item.value}`}` });
  }

  const fileItems = new Map<string, RunItem>();
  let fileBytes = 0;
  for (const [name, path] of args.files) {
    let item = fileItems.get(name);
    if (item === undefined) {
      const config = configOf('--file', name);
      if (config.formType !== 'SELECT' || !acceptedTypes(config).includes('FILE')) throw new UsageError(`--file ${name}: the config does not choose a FILE data item`);
      item = { config: name, dataType: 'FILE', value: null, files: [] };
      fileItems.set(name, item);
      items.push(item);
    }
    const info = await stat(resolve(cwd, path)).catch(() => null);
    if (info === null || !info.isFile()) throw new UsageError(`--file ${name}=${path}: no such file`);
    fileBytes += info.size;
    if (fileBytes > MAX_FILE_BYTES) throw new UsageError(`--file ${name}=${path}: the files add up to more than ${MAX_FILE_BYTES / 1024 / 1024} MiB, more than qaddon run hands to an add-on`);
    item.files.push({ name: basename(path), base64: (await readFile(resolve(cwd, path))).toString('base64') });
  }
  for (const item of fileItems.values()) described.push({ name: item.config, text: `${item.config} = data item "${item.config}" (FILE): ${item.files.map((file) => file.name).join(', ')}` });

  const auth: RunSetup['auth'] = [];
  const tokens: string[] = [];
  const authConfigs = model.configs.filter((config) => config.formType === 'OAUTH2');
  for (const { config: named, variable } of args.tokens) {
    let name = named;
    if (name === null) {
      if (authConfigs.length !== 1) {
        throw new UsageError(`--token-env ${variable}: the add-on has ${authConfigs.length === 0 ? 'no' : authConfigs.length} HTTP authorization configs${authConfigs.length > 1 ? `; name one: --token-env ${authConfigs[0]?.name}=${variable}` : ''}`);
      }
      name = (authConfigs[0] as AddonConfig).name;
    }
    const config = configOf('--token-env', name);
    if (config.formType !== 'OAUTH2') throw new UsageError(`--token-env ${name}=${variable}: the config is a ${config.formType}, not an HTTP authorization setting`);
    const token = env[variable];
    if (token === undefined || token === '') throw new UsageError(`--token-env ${variable}: the environment variable ${variable} is not set (export ${variable}=<your key>)`);
    auth.push({ config: name, name: variable, token });
    tokens.push(token);
    described.push({ name, text: `${name} = HTTP authorization setting "${variable}" (Token Fixed Value: the value of $${variable}, ${token.length} characters)` });
  }

  for (const config of model.configs) {
    if (!config.required || given.has(config.name)) continue;
    const how =
      config.formType === 'OAUTH2'
        ? `--token-env ${authConfigs.length === 1 ? '' : `${config.name}=`}VAR`
        : config.formType === 'SELECT'
          ? acceptedTypes(config).includes('FILE')
            ? `--file ${config.name}=PATH`
            : `--item ${config.name}`
          : `--config ${config.name}=VALUE`;
    problems.push(`${config.name} (${how})`);
  }
  if (problems.length > 0) throw new UsageError(`required config${problems.length === 1 ? '' : 's'} not given: ${problems.join(', ')}`);

  // In the add-on's order: the data items are numbered in it, and the listing reads like the property panel.
  const order = (name: string): number => model.configs.findIndex((config) => config.name === name);
  items.sort((a, b) => order(a.config) - order(b.config));
  described.sort((a, b) => order(a.name) - order(b.name));
  const setup: RunSetup = { declared: model.configs.map((config) => ({ name: config.name, formType: config.formType })), values, items, auth };
  return { setup, tokens, described: described.map((entry) => entry.text) };
}

/** The masked form of a key in what is printed: its first 8 and last 4 characters at most. */
export function maskedKey(key: string): string {
  if (key.length < 24) return '*'.repeat(key.length);
  return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

/** Prints a run: every text that comes from the add-on or the API goes through `shown` (keys masked, control characters escaped). */
class RunPrinter implements RunObserver {
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

  request(request: WireRequest, sentTo: string): void {
    this.print(`  →    ${this.shown(`${request.method} ${request.url}`)}`);
    // With --server every request goes there, as the header said; real HTTP goes where it says.
    if (sentTo !== request.url && !this.rerouted) this.print(`         (sent to ${this.shown(sentTo)})`);
    for (const [name, value] of request.headers) this.print(`         ${this.shown(`${name}: ${value}`)}`);
    const body = request.body;
    if (body.kind === 'none') return;
    if (body.kind === 'multipart') {
      this.print('         Content-Type: multipart/form-data');
      for (const part of body.parts) {
        if ('text' in part) this.print(`         part ${this.shown(JSON.stringify(part.name))}: ${this.shown(part.text)}`);
        else this.print(`         part ${this.shown(JSON.stringify(part.name))}: file ${this.shown(JSON.stringify(part.filename))} (${this.shown(part.contentType)}, ${Buffer.from(part.base64, 'base64').length.toLocaleString('en')} bytes)`);
      }
      return;
    }
    const { bytes } = bodyOf(request);
    this.print(`         Content-Type: ${this.shown(body.contentType)}`);
    const text = (bytes as Buffer).toString('utf8');
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

/** Runs `qaddon run` with `args`; prints through `io`. */
export async function runWithArgs(args: string[], io: RunIo): Promise<RunReport> {
  if (args.includes('--help') || args.includes('-h')) {
    for (const line of [`qaddon run: ${runCommand.summary}`, RUN_USAGE, 'examples:', ...runCommand.examples.map((example) => `  ${example}`)]) io.print(line);
    return { status: 0, outcome: null };
  }
  let parsed: RunArgs;
  let model: AddonModel;
  let plan: Awaited<ReturnType<typeof planRun>>;
  let script: string;
  try {
    parsed = parseArgs(args);
    let bytes: Buffer;
    try {
      bytes = await readFile(resolve(io.cwd ?? '.', parsed.file));
    } catch (error) {
      throw new UsageError(`${parsed.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    try {
      model = readAddonXml(bytes);
    } catch (error) {
      throw new UsageError(`${parsed.file}: not an add-on XML file (${(error as Error).message})`);
    }
    plan = await planRun(parsed, model, io.env, io.cwd ?? '.');
    const prepared = runScriptOf(addonNameOf(parsed.file), model);
    if ('loadError' in prepared) {
      io.printError(`qaddon run: ${printable(parsed.file)}: ${printable(prepared.loadError)}`);
      return { status: 1, outcome: null };
    }
    script = prepared.script;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.printError(`qaddon run: ${printable(error.message)}\n${RUN_USAGE}`);
    return { status: 2, outcome: null };
  }

  const printer = new RunPrinter(io.print, plan.tokens, parsed.server !== null);
  const label = model.label['en'] ?? addonNameOf(parsed.file);
  io.print(`qaddon run ${printer.shown(parsed.file)}: ${printer.shown(label)}`);
  for (const line of plan.described) io.print(`  ${printer.shown(line)}`);
  io.print(
    parsed.server === null
      ? '  requests: real HTTP to the URLs the step builds (to public addresses only)'
      : `  requests: every one to ${printer.shown(parsed.server.href)} (--server); the URLs shown are the step's own`,
  );
  const run: AddonRun = {
    name: addonNameOf(parsed.file),
    script,
    setup: plan.setup,
    callLimitMs: parsed.callLimitMs,
    intervalMs: parsed.intervalMs,
    route: { server: parsed.server, timeoutMs: parsed.callLimitMs },
    maxCalls: parsed.maxCalls,
  };
  const outcome = await runAddon(run, printer, io.signal);
  printer.dataItems(outcome.data);
  switch (outcome.kind) {
    case 'ended':
      return { status: 0, outcome };
    case 'failed':
      io.printError(`qaddon run: the step failed: ${printer.shown(outcome.message)}`);
      return { status: 1, outcome };
    case 'stopped':
      io.printError(`qaddon run: ${printer.shown(outcome.message)}`);
      return { status: io.signal?.aborted ? 130 : 1, outcome };
  }
}

export const runCommand = {
  name: 'run',
  summary: 'run an add-on\'s main() (and proceed() until it ends) with real HTTP, or against a server with --server',
  usage: RUN_USAGE,
  examples: [
    'OPENAI_API_KEY=sk-… qaddon run addons/openai-ftjob-cancel.xml --token-env OPENAI_API_KEY --config StrConfA1=ftjob-abc123 --item SelectConfB1',
    'qaddon run addons/openai-file-upload.xml --token-env K --file SelectConfA1=train.jsonl --item SelectConfB1 --server http://127.0.0.1:4141',
    'qaddon run addons/openai-ftjob-wait.xml --token-env K --config StrConfA1=ftjob-abc123 --item SelectConfB1 --item SelectConfB2 --interval 30',
  ],
  run: async (args: string[]): Promise<number> => {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    try {
      const report = await runWithArgs(args, { env: process.env, print: (line) => console.log(line), printError: (line) => console.error(line), signal: controller.signal });
      return report.status;
    } finally {
      process.off('SIGINT', stop);
    }
  },
};
