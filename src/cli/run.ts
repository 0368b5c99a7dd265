/**
 * `qaddon run <file.xml> [--config NAME=VALUE]… [--item NAME[:TYPE][=VALUE]]… [--file NAME=PATH]…
 *  [--token-env [NAME=]VAR] [--server URL] [--interval S] [--max-calls N] [--time-limit=S]`
 *
 * Runs an add-on's `main()` — then `proceed()` while it returns false, after a visible wait — in
 * the local host's sandbox (src/host/run-addon.ts), with the configs and data items given here
 * (read and checked first by run-args.ts), and prints what a process admin would see
 * (run-printer.ts): each log line, each request the step sends (method, URL, headers with the
 * key masked, body) and its answer, then every data item. The requests go over real HTTP to the
 * URLs the step builds, or with `--server URL` all of them to that server.
 * The key comes from an environment variable, never from the command line.
 *
 * Exit status: 0 when the step ended, 1 when it failed (its message is printed) or could not
 * run, 2 when the command line is wrong (an unknown config, a required one left out, …),
 * 130 when stopped with Ctrl-C.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AddonModel } from '../addon/model.js';
import { readAddonXml } from '../addon/xml-read.js';
import { addonNameOf } from '../host/graaljs.js';
import { printable } from '../host/printable.js';
import { DEFAULT_CALL_LIMIT_MS, runAddon, type AddonRun, type RunOutcome } from '../host/run-addon.js';
import { runScriptOf } from '../host/sources.js';
import { DEFAULT_INTERVAL_SECONDS, MAX_FILE_BYTES, UsageError, parseRunArgs, planRun, type RunArgs, type RunPlan } from './run-args.js';
import { RunPrinter } from './run-printer.js';

export { maskedKey } from './run-printer.js';

/** The synopsis, printed after a usage error. */
export const RUN_USAGE =
  'usage: qaddon run <file.xml> [--config NAME=VALUE]... [--item NAME[:TYPE][=VALUE]]... [--file NAME=PATH]... [--token-env [NAME=]VAR] [--server URL] [--interval S] [--max-calls N] [--time-limit=S]';

/** What each argument and option does, with its default: `qaddon run --help`. */
const RUN_OPTIONS = [
  '  <file.xml>                  the add-on to run (one)',
  '  --config NAME=VALUE         a config\'s value: text, a SELECT_ITEM choice, or true/false for a toggle',
  '                              (EL is not evaluated: give the value it would have); a config the add-on',
  '                              does not declare is refused, a required one left out is named',
  '  --item NAME[:TYPE][=VALUE]  a data item for the SELECT config NAME, of the type the config selects',
  '                              (or TYPE), holding VALUE before the run (default: empty)',
  '  --file NAME=PATH            a file into the FILE data item of the SELECT config NAME; again for a',
  `                              second file (all together at most ${MAX_FILE_BYTES / 1024 / 1024} MiB)`,
  '  --token-env [NAME=]VAR      an HTTP authorization setting whose token is the value of the environment',
  '                              variable VAR, for the config NAME (without NAME: the add-on\'s only such',
  '                              config); the key itself never goes on the command line',
  '  --server URL                send every request to URL instead (the URLs printed are the step\'s own);',
  '                              default: real HTTP to the URLs the step builds, public addresses only',
  `  --interval S                seconds between a call that returned false and the next proceed()`,
  `                              (default ${DEFAULT_INTERVAL_SECONDS})`,
  '  --max-calls N               stop after N calls, main() included (default: until the step ends)',
  `  --time-limit=S              seconds each call may take, its requests included (default ${DEFAULT_CALL_LIMIT_MS / 1000})`,
  'Prints each log line, each request (the key masked) and its answer, then every data item.',
  'Exit status: 0 when the step ended, 1 when it failed or could not run, 2 on a wrong command line,',
  '130 when stopped with Ctrl-C.',
];

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

/** Limits no command-line option sets (tests lower them). */
export interface RunLimits {
  /** Bytes of memory the sandbox process may hold (sandbox-memory.ts; default 1 GiB). */
  memoryLimitBytes?: number;
}

/** Runs `qaddon run` with `args`; prints through `io`. */
export async function runWithArgs(args: string[], io: RunIo, limits: RunLimits = {}): Promise<RunReport> {
  if (args.includes('--help') || args.includes('-h')) {
    for (const line of [`qaddon run: ${runCommand.summary}`, runCommand.usage, 'examples:', ...runCommand.examples.map((example) => `  ${example}`)]) io.print(line);
    return { status: 0, outcome: null };
  }
  let parsed: RunArgs;
  let model: AddonModel;
  let plan: RunPlan;
  let script: string;
  try {
    parsed = parseRunArgs(args);
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
    // As main.ts says it for every other command: the problem, and where the usage is.
    io.printError(`qaddon run: ${printable(error.message)}\nRun 'qaddon run --help' for its arguments and examples.`);
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
    ...limits,
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
  usage: [RUN_USAGE, ...RUN_OPTIONS].join('\n'),
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
