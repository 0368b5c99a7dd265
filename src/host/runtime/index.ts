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
import { engineName } from './java-values';
import { jwt, rsa } from './jwt';
import { emailService } from './mail';
import { markdown } from './markdown';
import { quserDao } from './users';
import type { DeclaredConfig, HostControl, RecordedData, RunReport, TestOutcome } from './protocol';
import { declaredConfigs, resetState, state } from './state';
import { deferScript, deferredScriptOf, execute, expect, fail, registeredTests, setDeferredScript, test } from './test-api';

const global = globalThis as unknown as Record<string, unknown>;

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  // A Java exception seen from GraalJS is no JS Error but has getMessage().
  const javaError = error as { getMessage?: () => string } | null;
  if (javaError && typeof javaError.getMessage === 'function') return String(javaError.getMessage());
  return String(error);
}

function watched(entry: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return function watchedEntryPoint(this: unknown, ...args: unknown[]): unknown {
    try {
      return entry.apply(this, args);
    } catch (error) {
      state.stepErrors.push(messageOf(error));
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
  return String(value);
}

function snapshotData(): RecordedData[] {
  return state.dataItems.map((item) => ({
    name: item.definition.getName(),
    varName: item.definition.getVarName(),
    value: valueText(item.value),
  }));
}

function runOne(name: string, fn: () => void): TestOutcome {
  resetState();
  let error: string | null = null;
  try {
    fn();
  } catch (thrown) {
    error = messageOf(thrown) || 'failed';
  }
  return {
    name,
    passed: error === null,
    error,
    stepErrors: state.stepErrors.slice(),
    requests: state.requests.slice(),
    logs: state.logs.slice(),
    data: snapshotData(),
    secrets: state.authSettings.flatMap((setting) => setting.secrets()),
  };
}

const control: HostControl = {
  deferScript,
  declareConfigs(configsOfAddon: DeclaredConfig[]): void {
    declaredConfigs.clear();
    for (const config of configsOfAddon) declaredConfigs.set(config.name, config);
  },
  runTests(): string {
    watchEntryPoints();
    const report: RunReport & { engine: string } = {
      engine: engineName(),
      tests: registeredTests.map((registered) => runOne(registered.name, registered.fn)),
    };
    return JSON.stringify(report);
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
global['__qaddonHost'] = control;
