/** `qaddon test` and `qaddon test-graaljs`: run add-ons' <test> blocks in the Node tier or in GraalJS. */
import { findGraalToolchain } from '../host/graaljs.js';
import { printable } from '../host/printable.js';
import type { AddonResult, TestRunOptions } from '../host/test-addons.js';
import { consoleIo, parseArgs, UsageError, type Command, type CommandIo } from './command.js';

const FILES_ARGUMENT = '  <file.xml|folder>   add-on files (any name); a folder stands for its *.xml files';
const TIME_LIMIT_OPTION = '  --time-limit=S      each add-on (its load and all its tests) may take S seconds; past it,\n                      it is stopped and';
const FILE_PROBLEMS = [
  'A file that cannot be read as add-on XML (missing, a folder with no .xml file, no permission,',
  'not well-formed) is one line, `<file>: <problem>`, and counts as a failed test; the other files',
  'run. Exit 1 when any test failed.',
];

/** `--time-limit=S` as run options. */
function timeLimit(value: string | true | undefined): TestRunOptions {
  if (value === undefined) return {};
  const seconds = Number(value);
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value) || !(seconds > 0)) {
    throw new UsageError(`--time-limit: '${String(value)}' is not a positive number of seconds (e.g. --time-limit=5)`);
  }
  return { timeLimitMs: Math.round(seconds * 1000) };
}

/** The tiers' code, loaded when a command runs (the other commands do without esbuild and the XML reader). */
function tiers(): Promise<typeof import('../host/test-addons.js')> {
  return import('../host/test-addons.js');
}

/**
 * The results' lines (without the closing count) and the tier's time. A failure in one of this
 * package's steps is also named by its TypeScript file and line (step-sources.ts, loaded only
 * when something failed: it builds the step again).
 */
async function printResults(io: CommandIo, results: AddonResult[], tierName: string, started: number): Promise<void> {
  const { formatResults, tally } = await tiers();
  const seconds = (Date.now() - started) / 1000;
  const sourceOf = tally(results).failed > 0 ? await (await import('./step-sources.js')).stepSourcesOf(results) : undefined;
  for (const line of formatResults(results, tierName, sourceOf).slice(0, -1)) io.out(line);
  io.out(`(${tierName} tier: ${seconds.toFixed(1)} s)`);
}

/** The closing `N passed, M failed` line and the exit status it means. */
async function closing(results: AddonResult[]): Promise<{ line: string; status: number }> {
  const { passed, failed } = (await tiers()).tally(results);
  return { line: `${passed} passed, ${failed} failed`, status: failed === 0 ? 0 : 1 };
}

export const testCommand: Command = {
  name: 'test',
  summary: "run add-ons' <test> blocks in the local host (Node tier), each in a sandbox",
  usage: [
    'qaddon test [--time-limit=S] <file.xml|folder>…',
    FILES_ARGUMENT,
    `${TIME_LIMIT_OPTION} fails (default 30)`,
    "Runs each add-on's <script> and <test> in a fresh context holding only ECMAScript built-ins and",
    'the local Questetra host, in a sandbox process of its own (no files, no network, no variables).',
    'Prints one line per test, a table of the files with their counts, and last `N passed, M failed`.',
    ...FILE_PROBLEMS,
  ].join('\n'),
  examples: ['qaddon test addons/openai-ftjob-cancel.xml', 'qaddon test addons/', 'qaddon test --time-limit=5 ~/Downloads/*.xml'],
  async run(args, io = consoleIo) {
    const { options, operands } = parseArgs(args, { 'time-limit': 'value' });
    const runOptions = timeLimit(options['time-limit']);
    if (operands.length === 0) throw new UsageError('name at least one add-on file or folder');
    const { addonFilesOf, testAddonFiles } = await tiers();
    const started = Date.now();
    const results = await testAddonFiles(await addonFilesOf(operands), { engine: 'node' }, runOptions);
    await printResults(io, results, 'Node', started);
    const { line, status } = await closing(results);
    io.out(line);
    return status;
  },
};

export const testGraalJsCommand: Command = {
  name: 'test-graaljs',
  summary: 'the same in the real GraalJS engine Questetra runs (needs a JDK >= 22 and Maven)',
  usage: [
    'qaddon test-graaljs [--auto] [--time-limit=S] <file.xml|folder>…',
    FILES_ARGUMENT,
    '  --auto              where no JDK >= 22 or no Maven is found, print why and exit 0 (skip the tier)',
    '                      instead of failing; REQUIRE_GRAALJS=1 in the environment makes it fail anyway',
    '                      (as CI sets it)',
    `${TIME_LIMIT_OPTION} fails (default 120)`,
    'Runs the files in GraalJS (from Maven Central, ECMAScript 2020, in interpreter mode: slower than',
    "Node), each read by the JDK's own XML parser as the platform reads it, in a sandboxed context of",
    'its own, all in one JVM. Then it runs them in the Node tier too and checks that each add-on ran',
    'as many tests in both (`=` or `≠` per add-on).',
    ...FILE_PROBLEMS,
  ].join('\n'),
  examples: ['qaddon test-graaljs addons/*.xml', 'qaddon test-graaljs --auto addons/   (what a machine without Java may skip)'],
  async run(args, io = consoleIo) {
    const { options, operands } = parseArgs(args, { auto: 'flag', 'time-limit': 'value' });
    const runOptions = timeLimit(options['time-limit']);
    if (operands.length === 0) throw new UsageError('name at least one add-on file or folder');
    const { addonFilesOf, testAddonFiles } = await tiers();
    const files = await addonFilesOf(operands);
    const toolchain = findGraalToolchain();
    if ('missing' in toolchain) {
      const required = options['auto'] !== true || process.env['REQUIRE_GRAALJS'] === '1';
      io.out(`GraalJS tier ${required ? 'cannot run' : 'skipped'}: ${toolchain.missing}`);
      return required ? 1 : 0;
    }
    io.out(`GraalJS tier: JDK ${toolchain.javaVersion} at ${toolchain.javaHome}`);
    const started = Date.now();
    const graal = await testAddonFiles(files, { engine: 'graaljs', toolchain }, runOptions);
    await printResults(io, graal, 'GraalJS', started);
    // A block that registers fewer tests under GraalJS would otherwise pass unnoticed.
    const node = await testAddonFiles(files, { engine: 'node' }, runOptions);
    let mismatches = 0;
    graal.forEach((result, index) => {
      if (result.unreadable) return;
      const nodeCount = node[index]?.tests.length ?? 0;
      const same = nodeCount === result.tests.length;
      if (!same) mismatches += 1;
      io.out(`${same ? '=' : '≠'} ${printable(result.file)}: ${result.tests.length} tests in GraalJS, ${nodeCount} in Node`);
    });
    const { line, status } = await closing(graal);
    io.out(line);
    return mismatches === 0 ? status : 1;
  },
};
