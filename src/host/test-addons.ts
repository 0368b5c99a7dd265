/**
 * Runs the `<test>` blocks of add-on XML files in one of the two tiers and turns what the
 * engine reported into results and printable lines.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readAddonXml } from '../addon/xml-read.js';
import { addonNameOf, runInGraalJs, type GraalToolchain } from './graaljs.js';
import { runInNode, type EngineOutcome } from './run-node.js';
import { hostRuntimeScript } from './runtime-bundle.js';
import type { RunReport, TestOutcome } from './runtime/protocol.js';
import { addonSources } from './sources.js';

export type Tier = { engine: 'node' } | { engine: 'graaljs'; toolchain: GraalToolchain };

export interface AddonResult {
  file: string;
  name: string;
  /** Set when the add-on could not even load (bad XML, syntax, a top-level error). */
  loadError: string | null;
  tests: TestOutcome[];
}

/**
 * The add-on files named on the command line: a file as it is, a folder as its `*.xml` files
 * (sorted by name, not descending into subfolders). A path that does not exist stays in the list,
 * so that the run reports it.
 */
export async function addonFilesOf(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const isFolder = await stat(path).then(
      (info) => info.isDirectory(),
      () => false,
    );
    if (!isFolder) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith('.xml'))
      .map((entry) => entry.name)
      .sort();
    files.push(...names.map((name) => join(path, name)));
  }
  return files;
}

/**
 * Runs the tests of every file in `tier`. The Node tier reads each file with qaddon's reader;
 * the GraalJS tier hands the files to the Java runner, which reads them with the JDK's XML
 * parser, as the platform does.
 */
export async function testAddonFiles(files: string[], tier: Tier): Promise<AddonResult[]> {
  const hostScript = await hostRuntimeScript();
  if (tier.engine === 'graaljs') {
    const outcomes = await runInGraalJs(tier.toolchain, hostScript, files.map((file) => ({ file })));
    return files.map((file, index) => toResult(file, addonNameOf(file), outcomes[index]));
  }
  const results: AddonResult[] = [];
  for (const file of files) {
    const name = addonNameOf(file);
    try {
      const prepared = addonSources(name, readAddonXml(await readFile(file)), true);
      if ('loadError' in prepared) results.push({ file, name, loadError: prepared.loadError, tests: [] });
      else results.push(toResult(file, name, runInNode(hostScript, prepared)));
    } catch (error) {
      results.push({ file, name, loadError: (error as Error).message, tests: [] });
    }
  }
  return results;
}

function toResult(file: string, name: string, outcome: EngineOutcome | undefined): AddonResult {
  if (!outcome) return { file, name, loadError: 'the engine returned no result', tests: [] };
  if ('loadError' in outcome) return { file, name, loadError: outcome.loadError, tests: [] };
  return { file, name, loadError: null, tests: (JSON.parse(outcome.resultJson) as RunReport).tests };
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
  const width = Math.max(4, ...results.map((result) => result.file.length));
  const row = (file: string, passed: string, failed: string): string => `${file.padEnd(width)}  ${passed.padStart(6)}  ${failed.padStart(6)}`;
  return [
    row('file', 'passed', 'failed'),
    ...results.map((result) => {
      const own = tally([result]);
      return row(result.file, String(own.passed), String(own.failed));
    }),
  ];
}

/** One line per test under each file, the per-file table, and a closing `N passed, M failed`. */
export function formatResults(results: AddonResult[], tierName: string): string[] {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${result.file} (${tierName})`);
    if (result.loadError !== null) lines.push(`  ✗ could not load: ${result.loadError}`);
    for (const test of result.tests) {
      lines.push(test.passed ? `  ✓ ${test.name}` : `  ✗ ${test.name}: ${test.error ?? 'failed'}`);
    }
  }
  lines.push(...formatTable(results));
  const total = tally(results);
  lines.push(`${total.passed} passed, ${total.failed} failed`);
  return lines;
}
