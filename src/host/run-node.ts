/**
 * The Node tier: runs an add-on's `<test>` block in a fresh `vm` context. Nothing from Node is
 * put into the context (no console, require, process, timers): the scripts see ECMAScript
 * built-ins and what the host runtime installs, and only JSON text comes back out.
 */
import { createContext, runInContext } from 'node:vm';
import type { AddonSources } from './sources.js';

/** Each script may run this long before the run is stopped (a runaway loop fails the add-on). */
const SCRIPT_TIMEOUT_MS = 30_000;

export type EngineOutcome = { name: string; resultJson: string } | { name: string; loadError: string };

export function runInNode(hostScript: string, sources: AddonSources): EngineOutcome {
  const context = createContext({}, { name: sources.name, codeGeneration: { strings: true, wasm: false } });
  const evaluate = (code: string, filename: string): unknown =>
    runInContext(code, context, { filename, timeout: SCRIPT_TIMEOUT_MS, displayErrors: false });
  try {
    // V8 gives every context a `console` of its own; the server has none, so neither does the host.
    evaluate('delete globalThis.console;', 'qaddon-sandbox.js');
    evaluate(hostScript, 'qaddon-host.js');
    evaluate(sources.script, `${sources.name}.xml <script>`);
    evaluate(sources.test, `${sources.name}.xml <test>`);
  } catch (error) {
    return { name: sources.name, loadError: describeError(error) };
  }
  try {
    const resultJson = evaluate('__qaddonHost.runTests()', 'qaddon-runner.js');
    return { name: sources.name, resultJson: String(resultJson) };
  } catch (error) {
    // A test that never ends (stopped by the timeout) lands here: the add-on fails, the run goes on.
    return { name: sources.name, loadError: `the tests did not finish: ${describeError(error)}` };
  }
}

/** An error from inside the context: not an `instanceof Error` here (another realm). */
function describeError(error: unknown): string {
  const value = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
  if (value && typeof value.message === 'string') {
    const where = typeof value.stack === 'string' ? / at .*?(\S+\.xml <\w+>:\d+:\d+)/.exec(value.stack)?.[1] : undefined;
    return `${String(value.name ?? 'Error')}: ${value.message}${where ? ` (${where})` : ''}`;
  }
  return String(error);
}
