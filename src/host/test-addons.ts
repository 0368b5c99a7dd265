/**
 * Runs the `<test>` blocks of add-on XML files in one of the two tiers and turns what the
 * engine reported into results and printable lines.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileErrorText, fileProblem } from '../addon/files.js';
import { NotAnAddonError, XmlReadError, readAddonXml } from '../addon/xml-read.js';
import type { EngineOutcome } from './engine-outcome.js';
import { addonNameOf, runInGraalJs, type GraalToolchain } from './graaljs.js';
import { printable, printableLines } from './printable.js';
import { runInNode } from './run-node.js';
import { hostRuntimeScript } from './runtime-bundle.js';
import type { TestOutcome } from './runtime/protocol.js';
import { addonSources } from './sources.js';

export { addonFilesOf } from '../addon/files.js';

/** Where add-ons run: the local host in Node, or GraalJS (see runInGraalJs for which JVM). */
export type Tier = { engine: 'node' } | { engine: 'graaljs'; toolchain: GraalToolchain };

export interface TestRunOptions {
  /**
   * Milliseconds each add-on (its load and all its tests) may take before it is stopped and
   * fails; each tier has its own default.
   */
  timeLimitMs?: number;
  /** Bytes of memory each Node sandbox process may hold (sandbox-memory.ts; the GraalJS tier has its JVM's heap). */
  memoryLimitBytes?: number;
}

export interface AddonResult {
  file: string;
  name: string;
  /** Set when the add-on could not even load (bad XML, syntax, a top-level error). */
  loadError: string | null;
  /**
   * Set when the file itself could not be read as add-on XML (missing, a folder, no permission,
   * not well-formed): loadError says why, in one phrase.
   */
  unreadable?: boolean;
  tests: TestOutcome[];
  /** How long the add-on ran in its tier (none when it never reached the engine). */
  durationMs?: number;
}

/**
 * Runs the tests of every file in `tier`. The Node tier reads each file with qaddon's reader
 * and runs each add-on in a sandbox process of its own, one more at a time than there are cores;
 * the GraalJS tier hands the files to the Java runner, which reads them with the JDK's XML
 * parser, as the platform does.
 */
export async function testAddonFiles(files: string[], tier: Tier, options: TestRunOptions = {}): Promise<AddonResult[]> {
  const hostScript = await hostRuntimeScript();
  const problems = await Promise.all(files.map((file) => fileProblem(file)));
  const unreadable = (file: string, problem: string): AddonResult => ({ file, name: addonNameOf(file), loadError: problem, tests: [], unreadable: true });
  if (tier.engine === 'graaljs') {
    const readable = files.filter((_, index) => problems[index] === null);
    const outcomes = await runInGraalJs(tier.toolchain, hostScript, readable.map((file) => ({ file })), options);
    let next = 0;
    return files.map((file, index) => {
      const problem = problems[index];
      return problem ? unreadable(file, problem) : toResult(file, addonNameOf(file), outcomes[next++]);
    });
  }
  return inParallel(files, async (file, index) => {
    const name = addonNameOf(file);
    const problem = problems[index];
    if (problem) return unreadable(file, problem);
    let model;
    try {
      model = readAddonXml(await readFile(file));
    } catch (error) {
      return unreadable(file, readProblem(error));
    }
    try {
      const prepared = addonSources(name, model, true);
      if ('loadError' in prepared) return { file, name, loadError: prepared.loadError, tests: [] };
      return toResult(file, name, await runInNode(hostScript, prepared, options));
    } catch (error) {
      return { file, name, loadError: (error as Error).message, tests: [] };
    }
  });
}

/** Why a file that exists could not be read as add-on XML, in one line (as lint says it). */
function readProblem(error: unknown): string {
  if (error instanceof XmlReadError) return error.problems.map((problem) => `${problem.element}: ${problem.rule}`).join('; ');
  if (error instanceof NotAnAddonError) return `document: ${error.message}`;
  if ((error as NodeJS.ErrnoException).code !== undefined) return fileErrorText(error);
  return (error as Error).message;
}

function toResult(file: string, name: string, outcome: EngineOutcome | undefined): AddonResult {
  if (!outcome) return { file, name, loadError: 'the engine returned no result', tests: [] };
  return { file, name, loadError: outcome.loadError, tests: outcome.tests, durationMs: outcome.durationMs, ...(outcome.unreadable ? { unreadable: true } : {}) };
}

/**
 * Sandbox processes at a time: one per core and one more, since each spends part of its life
 * starting (Node's own start is most of a small add-on's 0.1 s) rather than computing. Measured
 * on Questetra's 131 add-ons on two cores: 8.0–8.7 s with two at a time, 7.5–7.8 s with three;
 * four gain nothing more.
 */
const SANDBOXES_AT_A_TIME = availableParallelism() + 1;

/** `run` over `items`, SANDBOXES_AT_A_TIME at a time; results in order. */
async function inParallel<T, R>(items: T[], run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await run(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SANDBOXES_AT_A_TIME, items.length) }, worker));
  return results;
}

export interface Tally {
  passed: number;
  failed: number;
}

/** A load error counts as one failed test: the add-on's tests could not run at all. */
export function tally(results: AddonResult[]): Tally {
  let passed = 0;
  let failed = 0;
  for (const result of results) {
    if (result.loadError !== null) failed += 1;
    for (const test of result.tests) {
      if (test.passed) passed += 1;
      else failed += 1;
    }
  }
  return { passed, failed };
}

/** The per-file table: a header, then each file with its passed and failed counts. */
export function formatTable(results: AddonResult[]): string[] {
  if (results.length === 0) return [];
  const files = results.map((result) => printable(result.file));
  const width = Math.max(4, ...files.map((file) => file.length));
  const row = (file: string, passed: string, failed: string): string => `${file.padEnd(width)}  ${passed.padStart(6)}  ${failed.padStart(6)}`;
  return [
    row('file', 'passed', 'failed'),
    ...results.map((result, index) => {
      const own = tally([result]);
      return row(files[index]!, String(own.passed), String(own.failed));
    }),
  ];
}

/**
 * The TypeScript place (`src/steps/x/main.ts:42:18`) that an add-on location (`<script>:812:18`)
 * of `result` was built from, when that is known (src/cli/step-sources.ts).
 */
export type SourceOf = (result: AddonResult, where: string) => string | undefined;

/** The first add-on location (`<script>:2:1`) a load error's text names, as both tiers write it. */
export function loadErrorLocation(result: AddonResult): string | null {
  if (result.loadError === null || result.unreadable) return null;
  const match = /\.xml (<script>|<test>):([1-9]\d{0,8}):([1-9]\d{0,8})\b/.exec(result.loadError);
  return match ? `${match[1]}:${match[2]}:${match[3]}` : null;
}

/** ` (at <source>; <where>)`, or ` (at <where>)` when no source is known. */
function locationText(result: AddonResult, where: string, sourceOf: SourceOf | undefined): string {
  const source = sourceOf?.(result, where);
  return ` (at ${source === undefined ? '' : `${printable(source)}; `}${where})`;
}

/**
 * One line per test under each file, the per-file table, and a closing `N passed, M failed`.
 * What the add-on chose (file and test names, messages) is printable(): one line each, no
 * control characters; a load error's further lines (a GraalJS stack) are indented below it.
 * A failed test ends with where it failed (`(at <script>:812:18)`), led by the TypeScript place
 * `sourceOf` knows for it; a load error, whose text names the add-on location already, gets the
 * TypeScript place only.
 */
export function formatResults(results: AddonResult[], tierName: string, sourceOf?: SourceOf): string[] {
  const lines: string[] = [];
  for (const result of results) {
    if (result.unreadable) {
      // A file that could not be read at all: one line, `<file>: <why>`.
      lines.push(`${printable(result.file)}: ${printable(result.loadError ?? 'cannot be read')}`);
      continue;
    }
    lines.push(`${printable(result.file)} (${tierName})`);
    for (const test of result.tests) {
      if (test.passed) lines.push(`  ✓ ${printable(test.name)}`);
      else lines.push(`  ✗ ${printable(test.name)}: ${printable(test.error ?? 'failed')}${test.where ? locationText(result, test.where, sourceOf) : ''}`);
    }
    if (result.loadError !== null) {
      const [first = '', ...rest] = printableLines(result.loadError);
      const where = loadErrorLocation(result);
      const source = where === null ? undefined : sourceOf?.(result, where);
      const located = source === undefined ? '' : ` (at ${printable(source)}; ${where})`;
      lines.push(`  ✗ ${result.tests.length === 0 ? 'could not load' : 'stopped'}: ${first}${located}`, ...rest.map((line) => `      ${line.trimStart()}`));
    }
  }
  lines.push(...formatTable(results));
  const total = tally(results);
  lines.push(`${total.passed} passed, ${total.failed} failed`);
  return lines;
}
