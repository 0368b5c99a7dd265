/**
 * Runs the `<test>` blocks of add-on XML files in one of the two tiers and turns what the
 * engine reported into results and printable lines.
 */
import { readFile } from 'node:fs/promises';
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

/** One line per test, a summary line per add-on, and a closing `N passed, M failed`. */
export function formatResults(results: AddonResult[], tierName: string): string[] {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${result.file} (${tierName})`);
    if (result.loadError !== null) lines.push(`  ✗ could not load: ${result.loadError}`);
    for (const test of result.tests) {
      lines.push(test.passed ? `  ✓ ${test.name}` : `  ✗ ${test.name}: ${test.error ?? 'failed'}`);
    }
    const own = tally([result]);
    lines.push(`  ${result.name}: ${own.passed} passed, ${own.failed} failed`);
  }
  const total = tally(results);
  lines.push(`${total.passed} passed, ${total.failed} failed`);
  return lines;
}
