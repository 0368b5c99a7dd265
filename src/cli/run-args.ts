/**
 * `qaddon run`'s command line: the options read (parseRunArgs), then checked against the add-on's
 * declared configs and turned into the run's setup (planRun). Every problem is a UsageError,
 * found before anything runs.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { AddonConfig, AddonModel } from '../addon/model.js';
import { DEFAULT_CALL_LIMIT_MS } from '../host/run-addon.js';
import type { RunItem, RunSetup } from '../host/runtime/run-protocol.js';

/** Seconds between a call that returned false and the next proceed(), unless --interval says otherwise. */
export const DEFAULT_INTERVAL_SECONDS = 10;
/** The most bytes all --file files together may have (they travel to the sandbox in memory). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The command line, read. */
export interface RunArgs {
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

export class UsageError extends Error {}

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

export function parseRunArgs(args: string[]): RunArgs {
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
export interface RunPlan {
  setup: RunSetup;
  /** The tokens given (to mask in what is printed). */
  tokens: string[];
  /** One line per config given, in the add-on's order. */
  described: string[];
}

export async function planRun(args: RunArgs, model: AddonModel, env: NodeJS.ProcessEnv, cwd: string): Promise<RunPlan> {
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
