/**
 * `qaddon demo` (what `npm start` runs after the build): the whole fine-tuning workflow, step by
 * step through `qaddon run`, against the embedded OpenAI-compatible server started in this
 * process: upload demo/train.jsonl, create a job, wait until it has succeeded, create a second
 * job and cancel it, then try to cancel the finished one and show that refusal. Each step's data
 * items are listed at the end. No network, no key of the user's: the server's own key reaches
 * the steps through an environment variable of the runs, as a real key would.
 */
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { printable } from '../host/printable.js';
import type { RecordedData } from '../host/runtime/protocol.js';
import { startServer, type EmbeddedServer } from '../server/index.js';
import { runWithArgs, type RunReport } from './run.js';

/** Short phases, so that the wait takes a few seconds: validating 1 s, queued 1 s, running 2 s. */
const DEMO_TIMINGS = { validatingFiles: 1, queued: 1, running: 2 };
const DEMO_KEY_VARIABLE = 'QADDON_DEMO_KEY';
const DEMO_MODEL = 'gpt-4o-mini-2024-07-18';

interface Outcome {
  title: string;
  /** What the run was expected to do, and whether it did. */
  expected: string;
  ok: boolean;
  data: RecordedData[];
  /** The step's error, for a run that was to fail. */
  error: string | null;
}

function itemValue(report: RunReport, name: string): string | null {
  return report.outcome?.data?.find((item) => item.name === name)?.value ?? null;
}

/** A value to show in the summary: multi-line values by their first line. */
function summaryValue(value: string | null): string {
  if (value === null || value === '') return '(empty)';
  const lines = value.split('\n');
  return lines.length === 1 ? value : `${lines[0]} … (${lines.length} lines)`;
}

export async function runDemo(print: (line: string) => void, printError: (line: string) => void): Promise<number> {
  const started = performance.now();
  const root = packageRoot();
  const addon = (name: string): string => join('addons', `${name}.xml`);
  let server: EmbeddedServer;
  try {
    server = await startServer({ timings: DEMO_TIMINGS });
  } catch (error) {
    printError(`qaddon demo: the embedded server did not start: ${(error as Error).message}`);
    return 1;
  }
  const env = { [DEMO_KEY_VARIABLE]: server.apiKey };
  const outcomes: Outcome[] = [];
  print(`qaddon demo: the fine-tuning workflow, step by step, through qaddon run against the embedded server at ${server.url}`);
  print(`  (started in this process: no network, no key of yours; jobs take ${DEMO_TIMINGS.validatingFiles} s validating, ${DEMO_TIMINGS.queued} s queued, ${DEMO_TIMINGS.running} s running;`);
  print(`   the server's key is handed to each run in $${DEMO_KEY_VARIABLE}, as yours would be)`);

  const step = async (title: string, args: string[]): Promise<RunReport> => {
    const number = outcomes.length + 1;
    print('');
    print(`━━ ${number}. ${title} ━━`);
    print(`$ qaddon run ${[...args, '--token-env', DEMO_KEY_VARIABLE, '--server', server.url].map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg}'`)).join(' ')}`);
    // The add-on and training files are named relative to the package, wherever npm start runs.
    return runWithArgs([...args, '--token-env', DEMO_KEY_VARIABLE, '--server', server.url], { env, cwd: root, print, printError: (line) => print(line) });
  };
  const record = (title: string, report: RunReport, expected: 'ended' | 'failed', check: boolean, what: string): void => {
    const ok = report.outcome?.kind === expected && check;
    const error = report.outcome?.kind === 'failed' ? report.outcome.message : null;
    outcomes.push({ title, expected: what, ok, data: report.outcome?.data ?? [], error });
  };

  try {
    const upload = await step('OpenAI #File: Upload — the training file (12 chat examples)', [
      addon('openai-file-upload'), '--file', 'SelectConfA1=demo/train.jsonl', '--item', 'SelectConfB1',
    ]);
    const fileId = itemValue(upload, 'SelectConfB1') ?? '';
    record('OpenAI #File: Upload', upload, 'ended', fileId.startsWith('file-'), 'uploads the file, stores its ID');

    const createArgs = (suffix: string): string[] => [
      addon('openai-ftjob-create'), '--config', `StrConfA1=${fileId}`, '--config', `StrConfA2=${DEMO_MODEL}`, '--config', `StrConfA4=${suffix}`,
      '--item', 'SelectConfB1', '--item', 'SelectConfB2',
    ];
    const create = await step('OpenAI #FtJob: Create — a job on that file', createArgs('demo'));
    const jobId = itemValue(create, 'SelectConfB2') ?? '';
    record('OpenAI #FtJob: Create', create, 'ended', jobId.startsWith('ftjob-'), 'starts a job, stores its status and ID');

    const wait = await step('OpenAI #FtJob: Wait — until the job has ended (proceed() every second)', [
      addon('openai-ftjob-wait'), '--config', `StrConfA1=${jobId}`, '--item', 'SelectConfB1', '--item', 'SelectConfB2', '--item', 'SelectConfB3', '--interval', '1',
    ]);
    record('OpenAI #FtJob: Wait', wait, 'ended', itemValue(wait, 'SelectConfB1') === 'succeeded', 'waits, stores status, model and trained tokens');

    const second = await step('OpenAI #FtJob: Create — a second job, to cancel', createArgs('second'));
    const secondId = itemValue(second, 'SelectConfB2') ?? '';
    record('OpenAI #FtJob: Create (a second job)', second, 'ended', secondId.startsWith('ftjob-'), 'starts a second job');

    const cancel = await step('OpenAI #FtJob: Cancel — the second job, still running', [
      addon('openai-ftjob-cancel'), '--config', `StrConfA1=${secondId}`, '--item', 'SelectConfB1',
    ]);
    record('OpenAI #FtJob: Cancel', cancel, 'ended', itemValue(cancel, 'SelectConfB1') === 'cancelled', 'cancels it, stores "cancelled"');

    const refused = await step('OpenAI #FtJob: Cancel — the finished job: the API refuses, the step fails, nothing is written', [
      addon('openai-ftjob-cancel'), '--config', `StrConfA1=${jobId}`, '--item', 'SelectConfB1',
    ]);
    const refusal = refused.outcome?.kind === 'failed' ? refused.outcome.message : '';
    record('OpenAI #FtJob: Cancel (the finished job)', refused, 'failed', refusal.includes('HTTP 400: Job has already completed') && itemValue(refused, 'SelectConfB1') === null, 'fails with the API\'s refusal, writes nothing');
  } finally {
    await server.close();
  }

  print('');
  print('━━ Each step\'s data items ━━');
  for (const [index, outcome] of outcomes.entries()) {
    print(`${index + 1}. ${outcome.title}: ${outcome.expected} — ${outcome.ok ? 'as expected' : 'NOT as expected'}`);
    if (outcome.error !== null) print(`     the step's error: ${printable(outcome.error)}`);
    for (const item of outcome.data) print(`     ${printable(item.name)} = ${printable(summaryValue(item.value))}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const failed = outcomes.filter((outcome) => !outcome.ok).length;
  if (outcomes.length < 6 || failed > 0) {
    printError(`qaddon demo: ${failed || 6 - outcomes.length} of 6 runs did not go as expected (${seconds} s)`);
    return 1;
  }
  print('');
  print(`qaddon demo: all 6 runs went as expected in ${seconds} s, with no network and no key of yours.`);
  print('Next: run a step against OpenAI with your own key — see "Try a step" at the top of README.md.');
  return 0;
}

export const demoCommand = {
  name: 'demo',
  summary: 'the whole fine-tuning workflow through qaddon run, against the embedded server (npm start)',
  usage: 'usage: qaddon demo',
  examples: ['npm start', 'qaddon demo'],
  run: async (args: string[]): Promise<number> => {
    if (args.length > 0) {
      console.error(`qaddon demo takes no arguments\n${demoCommand.usage}`);
      return 2;
    }
    return runDemo((line) => console.log(line), (line) => console.error(line));
  },
};
