/** Runs small synthetic add-ons in the local host (Node tier) and hands back what it reported. */
import type { AddonConfig } from '../../src/addon/model.js';
import { runInNode, type NodeRunOptions } from '../../src/host/run-node.js';
import { hostRuntimeScript } from '../../src/host/runtime-bundle.js';
import type { TestOutcome } from '../../src/host/runtime/protocol.js';
import { addonSources } from '../../src/host/sources.js';
import { validModel } from './addons.js';

export type HostRun = { loadError: string; tests?: undefined } | { loadError?: undefined; tests: TestOutcome[] };

/** Runs `script` and `test` the way `qaddon test` does, the add-on declaring `configs`. */
export async function runSynthetic(script: string, test: string, configs: AddonConfig[] = [], options: NodeRunOptions = {}): Promise<HostRun & { ranBefore?: TestOutcome[] }> {
  const prepared = addonSources('synthetic', validModel({ script, test, configs }), true);
  if ('loadError' in prepared) return { loadError: prepared.loadError };
  const outcome = await runInNode(await hostRuntimeScript(), prepared, options);
  if (outcome.loadError !== null) return { loadError: outcome.loadError, ranBefore: outcome.tests };
  return { tests: outcome.tests };
}

/** The tests of a run that must have loaded. */
export async function runTests(script: string, test: string, configs: AddonConfig[] = [], options: NodeRunOptions = {}): Promise<TestOutcome[]> {
  const run = await runSynthetic(script, test, configs, options);
  if (run.loadError !== undefined) throw new Error(`the add-on did not load: ${run.loadError}`);
  return run.tests;
}

/** The one test of a run, by name. */
export function outcome(tests: TestOutcome[], name: string): TestOutcome {
  const found = tests.find((test) => test.name === name);
  if (!found) throw new Error(`no test named '${name}' ran (ran: ${tests.map((test) => test.name).join(', ')})`);
  return found;
}
