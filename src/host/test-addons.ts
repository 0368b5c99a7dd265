/**
 * Runs the `<test>` blocks of add-on XML files in one of the two tiers and turns what the
 * engine reported into results and printable lines.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { readAddonXml } from '../addon/xml-read.js';
import type { EngineOutcome } from './engine-outcome.js';
import { runInGraalJs, type GraalToolchain } from './graaljs.js';
import { printable, printableLines } from './printable.js';
import { runInNode } from './run-node.js';
import { hostRuntimeScript } from './runtime-bundle.js';
import type { TestOutcome } from './runtime/protocol.js';
import { addonSources, type AddonSources } from './sources.js';

export type Tier = { engine: 'node' } | { engine: 'graaljs'; toolchain: GraalToolchain };

export interface TestRunOptions {
  /**
   * Milliseconds each add-on (its load and all its tests) may take before it is stopped and
   * fails; each tier has its own default.
   */
  timeLimitMs?: number;
}

export interface AddonResult {
  file: string;
  name: string;
  /** Set when the add-on could not even load (bad XML, syntax, a top-level error). */
  loadError: string | null;
  tests: TestOutcome[];
  /** How long the add-on ran in its tier (none when it never reached the engine). */
  durationMs?: number;
}

/** Runs the tests of every file in `tier`. */
export async function testAddonFiles(files: string[], tier: Tier, options: TestRunOptions = {}): Promise<AddonResult[]> {
  const results: AddonResult[] = [];
  const runnable: { file: string; sources: AddonSources }[] = [];
  for (const file of files) {
    const name = basename(file).replace(/\.xml$/, '');
    try {
      const prepared = addonSources(name, readAddonXml(await readFile(file, 'utf8')), tier.engine === 'node');
      if ('loadError' in prepared) results.push({ file, name, loadError: prepared.loadError, tests: [] });
      else runnable.push({ file, sources: prepared });
    } catch (error) {
      results.push({ file, name, loadError: (error as Error).message, tests: [] });
    }
  }
  const hostScript = await hostRuntimeScript();
  const outcomes: EngineOutcome[] =
    tier.engine === 'node'
      ? await inParallel(runnable, ({ sources }) => runInNode(hostScript, sources, options))
      : await runInGraalJs(tier.toolchain, hostScript, runnable.map(({ sources }) => sources), options);
  runnable.forEach(({ file, sources }, index) => {
    const outcome = outcomes[index];
    if (!outcome) results.push({ file, name: sources.name, loadError: 'the engine returned no result', tests: [] });
    else results.push({ file, name: sources.name, loadError: outcome.loadError, tests: outcome.tests, durationMs: outcome.durationMs });
  });
  return results.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file));
}

/** `run` over `items` with as many at a time as the machine has cores; results in order. */
async function inParallel<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), items.length) }, worker));
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

/**
 * One line per test, a summary line per add-on, and a closing `N passed, M failed`. What the
 * add-on chose (file and test names, messages) is printable(): one line each, no control
 * characters; a load error's further lines (a GraalJS stack) are indented below it.
 */
export function formatResults(results: AddonResult[], tierName: string): string[] {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${printable(result.file)} (${tierName})`);
    for (const test of result.tests) {
      lines.push(test.passed ? `  ✓ ${printable(test.name)}` : `  ✗ ${printable(test.name)}: ${printable(test.error ?? 'failed')}`);
    }
    if (result.loadError !== null) {
      const [first = '', ...rest] = printableLines(result.loadError);
      lines.push(`  ✗ ${result.tests.length === 0 ? 'could not load' : 'stopped'}: ${first}`, ...rest.map((line) => `      ${line.trimStart()}`));
    }
    const own = tally([result]);
    lines.push(`  ${printable(result.name)}: ${own.passed} passed, ${own.failed} failed`);
  }
  const total = tally(results);
  lines.push(`${total.passed} passed, ${total.failed} failed`);
  return lines;
}
