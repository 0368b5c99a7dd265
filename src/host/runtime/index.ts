/**
 * The local Questetra host, as it runs inside the script's own context (Node's vm or GraalJS):
 * installs the host objects and the `<test>` API as globals, and `__qaddonHost` for the runner.
 * Bundled by the toolchain into one ES2020 script with no Node dependency.
 */
import { installHostObjects } from './host-objects';
import { describeFailure, describeLoadError, failureLocationOf, messageOf, snapshotData, toJson } from './report';
import type { DeclaredConfig, HostControl, TestEvidence } from './protocol';
import { declaredConfigs, resetState, state } from './state';
import { deferScript, deferredScriptOf, execute, expect, fail, registeredTest, setDeferredScript, test, testCount } from './test-api';

const global = globalThis as unknown as Record<string, unknown>;

// Taken while only the host has run: a <test> block may replace these globals later, and the
// runner's core below must still work the same.
const apply = Reflect.apply;
const stringify = JSON.stringify;
const ErrorType = Error;

function watched(entry: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return function watchedEntryPoint(this: unknown, ...args: unknown[]): unknown {
    try {
      return apply(entry, this, args);
    } catch (error) {
      let message: string;
      try {
        message = messageOf(error);
      } catch {
        message = '(an error that could not be described)';
      }
      state.stepErrors[state.stepErrors.length] = message;
      throw error;
    }
  };
}

/** Wraps the script's `main`/`proceed` (or a whole pre-version-2 script) so that errors they throw are seen, even when a test catches them. */
function watchEntryPoints(): void {
  for (const name of ['main', 'proceed']) {
    const entry = global[name];
    if (typeof entry === 'function') global[name] = watched(entry as (...args: unknown[]) => unknown);
  }
  const deferred = deferredScriptOf();
  if (deferred) setDeferredScript(watched(deferred));
}

function evidence(): TestEvidence {
  const secrets: string[] = [];
  for (let i = 0; i < state.authSettings.length; i += 1) {
    const ofSetting = state.authSettings[i]!.secrets();
    for (let j = 0; j < ofSetting.length; j += 1) secrets[secrets.length] = ofSetting[j]!;
  }
  return { stepErrors: state.stepErrors, requests: state.requests, logs: state.logs, data: snapshotData(), secrets };
}

let runStarted = false;
let runCount = 0;
let heldValue: unknown;

/** Node tier: each finished test's TestResultRecord as JSON, by index; written only by runAllTests. */
const results: Record<number, string> = Object.create(null) as Record<number, string>;
let finished = 0;
let allTestsStarted = false;

const control: HostControl = {
  deferScript,
  declareConfigs(configsOfAddon: DeclaredConfig[]): void {
    declaredConfigs.clear();
    for (const config of configsOfAddon) declaredConfigs.set(config.name, config);
  },
  startRun(): number {
    if (!runStarted) {
      watchEntryPoints();
      runCount = testCount();
    }
    runStarted = true;
    return runCount;
  },
  testName(index: number): string {
    return registeredTest(index).name;
  },
  startTest(index: number): () => void {
    const { fn } = registeredTest(index);
    resetState();
    return fn;
  },
  finishTest(): string {
    return toJson(evidence());
  },
  describeFailure,
  runAllTests(): void {
    if (!runStarted || allTestsStarted) throw new ErrorType('runAllTests: the runner calls this once, after startRun()');
    allTestsStarted = true;
    for (let index = 0; index < runCount; index += 1) {
      const { name, fn } = registeredTest(index);
      resetState();
      let error: string | null = null;
      let where: string | null = null;
      try {
        fn();
      } catch (thrown) {
        error = describeFailure(thrown);
        where = failureLocationOf(thrown);
      }
      results[index] =
        `{"name":${stringify(name)},"passed":${error === null ? 'true' : 'false'},"error":${error === null ? 'null' : stringify(error)},` +
        `"where":${where === null ? 'null' : stringify(where)},"evidence":${toJson(evidence())}}`;
      finished = index + 1;
    }
  },
  testResults(from: number, to: number): string {
    let text = '[';
    for (let index = from; index < to && index < finished; index += 1) text += (index === from ? '' : ',') + results[index]!;
    return `${text}]`;
  },
  finishedTests(): number {
    return finished;
  },
  describeLoadError,
  hold(thrown: unknown): void {
    heldValue = thrown;
  },
  held(): unknown {
    return heldValue;
  },
};

installHostObjects(global);
global['execute'] = execute;
global['test'] = test;
global['expect'] = expect;
global['fail'] = fail;
Object.defineProperty(globalThis, '__qaddonHost', {
  value: Object.freeze(control),
  writable: false,
  enumerable: false,
  configurable: false,
});
