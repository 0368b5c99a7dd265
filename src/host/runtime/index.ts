/**
 * The local Questetra host, as it runs inside the script's own context (Node's vm or GraalJS):
 * installs the host objects and the `<test>` API as globals, and `__qaddonHost` for the runner.
 * Bundled by the toolchain into one ES2020 script with no Node dependency.
 */
import { prepareBytes } from './bytes';
import { base64, digest } from './codecs';
import { configs } from './configs';
import { dateFormatter } from './date-formatter';
import { engine, processInstance } from './engine';
import { feedService } from './feed';
import { fileRepository } from './files';
import { httpClient } from './http';
import { installPackages } from './java-packages';
import { jwt, rsa } from './jwt';
import { emailService } from './mail';
import { markdown } from './markdown';
import { quserDao } from './users';
import type { DeclaredConfig, HostControl, RecordedData, TestEvidence } from './protocol';
import { declaredConfigs, resetState, state } from './state';
import { deferScript, deferredScriptOf, execute, expect, fail, registeredTest, setDeferredScript, test, testCount } from './test-api';

const global = globalThis as unknown as Record<string, unknown>;

// Taken while only the host has run: a <test> block may replace these globals and prototypes
// later, and the runner's core below must still work the same (it decides no verdict, but it
// names the tests and writes their evidence).
const stringify = JSON.stringify;
const ownKeys = Object.keys;
const isArray = Array.isArray;
const apply = Reflect.apply;
const ErrorType = Error;
const toText = String;

function messageOf(error: unknown): string {
  if (error instanceof ErrorType) return toText(error.message);
  // A Java exception seen from GraalJS is no JS Error but has getMessage().
  const javaError = error as { getMessage?: () => string } | null;
  if (javaError && typeof javaError.getMessage === 'function') return toText(javaError.getMessage());
  return toText(error);
}

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

/** A data item's value as text for the report (Java values by their own `toString`). */
function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  try {
    return toText(value);
  } catch {
    return '(a value that could not be turned into text)';
  }
}

function snapshotData(): RecordedData[] {
  const data: RecordedData[] = [];
  for (let i = 0; i < state.dataItems.length; i += 1) {
    const item = state.dataItems[i]!;
    data[i] = { name: item.definition.getName(), varName: item.definition.getVarName(), value: valueText(item.value) };
  }
  return data;
}

function evidence(): TestEvidence {
  const secrets: string[] = [];
  for (let i = 0; i < state.authSettings.length; i += 1) {
    const ofSetting = state.authSettings[i]!.secrets();
    for (let j = 0; j < ofSetting.length; j += 1) secrets[secrets.length] = ofSetting[j]!;
  }
  return { stepErrors: state.stepErrors, requests: state.requests, logs: state.logs, data: snapshotData(), secrets };
}

/**
 * JSON text of plain data (strings, numbers, booleans, null, arrays, objects), written here
 * rather than by JSON.stringify of objects: a `toJSON` the add-on puts on Object.prototype
 * would otherwise rewrite the evidence. Strings and numbers still go through JSON.stringify,
 * which never looks for `toJSON` on primitives.
 */
function toJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return stringify(value);
  if (typeof value === 'number') return stringify(value);
  if (isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) text += (i === 0 ? '' : ',') + toJson(value[i]);
    return `${text}]`;
  }
  if (typeof value === 'object') {
    const keys = ownKeys(value);
    let text = '{';
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i]!;
      text += `${i === 0 ? '' : ','}${stringify(key)}:${toJson((value as Record<string, unknown>)[key])}`;
    }
    return `${text}}`;
  }
  return 'null';
}

/** " at fn (name.xml <script>:2:1)" in a V8 stack: where in the add-on the error was thrown. */
const ADDON_LOCATION = / at .*?(\S+\.xml <\w+>:\d+:\d+)/;
const findLocation = RegExp.prototype.exec;

let runStarted = false;
let runCount = 0;
let heldValue: unknown;

/** Node tier: each finished test's TestResultRecord as JSON, by index; written only by runAllTests. */
const results: Record<number, string> = Object.create(null) as Record<number, string>;
let finished = 0;
let allTestsStarted = false;

function describeFailure(thrown: unknown): string {
  try {
    const message = messageOf(thrown);
    return message === '' ? 'failed' : message;
  } catch {
    return 'failed (with a value that could not be described)';
  }
}

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
      try {
        fn();
      } catch (thrown) {
        error = describeFailure(thrown);
      }
      results[index] = `{"name":${stringify(name)},"passed":${error === null ? 'true' : 'false'},"error":${error === null ? 'null' : stringify(error)},"evidence":${toJson(evidence())}}`;
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
  describeLoadError(thrown: unknown): string {
    try {
      const value = thrown as { name?: unknown; message?: unknown; stack?: unknown } | null;
      if (value && typeof value.message === 'string') {
        const message = value.message;
        const stack = value.stack;
        const where = typeof stack === 'string' ? apply(findLocation, ADDON_LOCATION, [stack])?.[1] : undefined;
        return `${toText(value.name ?? 'Error')}: ${message}${where ? ` (${where})` : ''}`;
      }
      return toText(thrown);
    } catch {
      return 'an error that could not be described';
    }
  },
  hold(thrown: unknown): void {
    heldValue = thrown;
  },
  held(): unknown {
    return heldValue;
  },
};

prepareBytes();
installPackages(global);
global['configs'] = configs;
global['fileRepository'] = fileRepository;
global['base64'] = base64;
global['digest'] = digest;
global['rsa'] = rsa;
global['jwt'] = jwt;
global['dateFormatter'] = dateFormatter;
global['quserDao'] = quserDao;
global['emailService'] = emailService;
global['markdown'] = markdown;
global['feedService'] = feedService;
global['execute'] = execute;
global['engine'] = engine;
global['httpClient'] = httpClient;
global['processInstance'] = processInstance;
global['test'] = test;
global['expect'] = expect;
global['fail'] = fail;
Object.defineProperty(globalThis, '__qaddonHost', {
  value: Object.freeze(control),
  writable: false,
  enumerable: false,
  configurable: false,
});
