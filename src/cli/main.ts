/**
 * qaddon: the command line of the toolchain.
 *   qaddon build                 build every step of src/steps into addons/<name>.xml
 *   qaddon lint <file.xml>…      check add-on XML files (ours or anyone's) against the format
 *   qaddon test <file.xml|folder>…
 *                                run their <test> blocks in the local host (Node tier); a folder
 *                                means its *.xml files; prints each test, a per-file table and
 *                                the closing `N passed, M failed`
 *   qaddon test-graaljs [--auto] <file.xml|folder>…
 *                                the same in the real GraalJS engine (needs a JDK >= 22 and Maven);
 *                                --auto skips with a notice when those are missing, unless
 *                                REQUIRE_GRAALJS=1
 *   qaddon serve [--port N] [--key-env VAR] [--job-seconds V,Q,R]
 *                                an OpenAI-compatible server (files, fine-tuning jobs) on loopback
 *   --time-limit=S               (test, test-graaljs) each add-on's load and tests may take S
 *                                seconds (default: 30 in Node, 120 in GraalJS); past it the add-on fails
 * Exit status: 0 when all is well, 1 on problems or failed tests, 2 on a usage error.
 */
import { readFile } from 'node:fs/promises';
import { lintAddonXml } from '../addon/lint.js';
import { buildAll } from '../build/build-all.js';
import { findGraalToolchain } from '../host/graaljs.js';
import { printable } from '../host/printable.js';
import { addonFilesOf, formatResults, tally, testAddonFiles, type AddonResult, type TestRunOptions } from '../host/test-addons.js';
import { packageRoot } from '../paths.js';
import { demoCommand } from './demo.js';
import { runCommand } from './run.js';
import { serve } from './serve.js';

const USAGE =
  'usage: qaddon build | qaddon lint <file.xml>… | qaddon test [--time-limit=S] <file.xml|folder>… | qaddon test-graaljs [--auto] [--time-limit=S] <file.xml|folder>… | qaddon serve [--port N] | qaddon run <file.xml> [--config NAME=VALUE]… (qaddon run --help) | qaddon demo';

/** Takes `--time-limit=S` out of `args`; null when it is malformed or given twice. */
function timeLimitOption(args: string[]): { options: TestRunOptions; rest: string[] } | null {
  const rest = args.filter((arg) => !arg.startsWith('--time-limit='));
  const given = args.filter((arg) => arg.startsWith('--time-limit='));
  if (given.length === 0) return { options: {}, rest };
  const seconds = Number(given[0]!.slice('--time-limit='.length));
  if (given.length > 1 || !Number.isFinite(seconds) || seconds <= 0) return null;
  return { options: { timeLimitMs: Math.round(seconds * 1000) }, rest };
}

async function lint(files: string[]): Promise<number> {
  let problems = 0;
  for (const file of files) {
    // Bytes, not text: lint checks that the file is UTF-8.
    for (const problem of lintAddonXml(await readFile(file))) {
      // The file's own text may be quoted: printed without its control characters.
      console.log(printable(`${file}: ${problem.element}: ${problem.rule}`));
      problems += 1;
    }
  }
  console.log(problems === 0 ? `${files.length} file(s) checked, no problems` : `${problems} problem(s)`);
  return problems === 0 ? 0 : 1;
}

async function build(): Promise<number> {
  const root = packageRoot();
  const reports = await buildAll(root);
  for (const report of reports) {
    console.log(`${report.changed ? 'wrote    ' : 'unchanged'} ${report.file} (${report.bytes} bytes)`);
  }
  // The build checks its own output with the same lint users run.
  const lintStatus = await lint(reports.map((report) => `${root}/${report.file}`));
  return lintStatus;
}

/** Prints the results of one tier; the closing `N passed, M failed` line is printed last by the caller. */
function printResults(results: AddonResult[], tierName: string, started: number): void {
  for (const line of formatResults(results, tierName).slice(0, -1)) console.log(line);
  console.log(`(${tierName} tier: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function closingLine(results: AddonResult[]): string {
  const { passed, failed } = tally(results);
  return `${passed} passed, ${failed} failed`;
}

function statusOf(results: AddonResult[]): number {
  return tally(results).failed === 0 ? 0 : 1;
}

async function testNode(paths: string[], options: TestRunOptions): Promise<number> {
  const started = Date.now();
  const files = await addonFilesOf(paths);
  const results = await testAddonFiles(files, { engine: 'node' }, options);
  printResults(results, 'Node', started);
  console.log(closingLine(results));
  return statusOf(results);
}

/**
 * Runs the GraalJS tier, then checks that each add-on ran as many tests there as in the Node
 * tier: a block that registers fewer tests under GraalJS would otherwise pass unnoticed.
 */
async function testGraalJs(args: string[], options: TestRunOptions): Promise<number> {
  const auto = args.includes('--auto');
  const files = await addonFilesOf(args.filter((arg) => arg !== '--auto'));
  const toolchain = findGraalToolchain();
  if ('missing' in toolchain) {
    const required = !auto || process.env['REQUIRE_GRAALJS'] === '1';
    console.log(`GraalJS tier ${required ? 'cannot run' : 'skipped'}: ${toolchain.missing}`);
    return required ? 1 : 0;
  }
  console.log(`GraalJS tier: JDK ${toolchain.javaVersion} at ${toolchain.javaHome}`);
  const started = Date.now();
  const graal = await testAddonFiles(files, { engine: 'graaljs', toolchain }, options);
  printResults(graal, 'GraalJS', started);
  const node = await testAddonFiles(files, { engine: 'node' }, options);
  let mismatches = 0;
  for (const result of graal) {
    const nodeCount = node.find((other) => other.file === result.file)?.tests.length ?? 0;
    const same = nodeCount === result.tests.length;
    if (!same) mismatches += 1;
    console.log(`${same ? '=' : '≠'} ${printable(result.name)}: ${result.tests.length} tests in GraalJS, ${nodeCount} in Node`);
  }
  console.log(closingLine(graal));
  return mismatches === 0 ? statusOf(graal) : 1;
}

async function run(argv: string[]): Promise<number> {
  const [command, ...allArgs] = argv;
  const parsed = command === 'test' || command === 'test-graaljs' ? timeLimitOption(allArgs) : { options: {}, rest: allArgs };
  if (!parsed) return usage();
  const { options, rest: args } = parsed;
  switch (command) {
    case 'build':
      return build();
    case 'lint':
      return args.length > 0 ? lint(args) : usage();
    case 'test':
      return args.length > 0 ? testNode(args, options) : usage();
    case 'test-graaljs':
      return args.some((arg) => arg !== '--auto') ? testGraalJs(args, options) : usage();
    case 'serve':
      return serve(args);
    case 'run':
      return runCommand.run(args);
    case 'demo':
      return demoCommand.run(args);
    default:
      return usage();
  }
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

run(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: Error) => {
    console.error(`qaddon: ${error.message}`);
    process.exitCode = 1;
  },
);
