/**
 * The local Questetra host, as it runs inside the script's own context (Node's vm or GraalJS):
 * installs the host objects and the `<test>` API as globals, and `__qaddonHost` for the runner.
 * Bundled by the toolchain into one ES2020 script with no Node dependency.
 */
import { configs } from './configs';
import { engine, processInstance } from './engine';
import { httpClient } from './http';
import { engineName } from './java-values';
import type { DeclaredConfig, HostControl, RecordedData, RunReport, TestOutcome } from './protocol';
import { declaredConfigs, resetState, state } from './state';
import { expect, fail, registeredTests, test } from './test-api';

const global = globalThis as unknown as Record<string, unknown>;

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  // A Java exception seen from GraalJS is no JS Error but has getMessage().
  const javaError = error as { getMessage?: () => string } | null;
  if (javaError && typeof javaError.getMessage === 'function') return String(javaError.getMessage());
  return String(error);
}

/** Wraps the script's `main`/`proceed` so that errors they throw are seen, even when a test catches them. */
function watchEntryPoints(): void {
  for (const name of ['main', 'proceed']) {
    const entry = global[name];
    if (typeof entry !== 'function') continue;
    global[name] = function watchedEntryPoint(this: unknown, ...args: unknown[]): unknown {
      try {
        return (entry as (...a: unknown[]) => unknown).apply(this, args);
      } catch (error) {
        state.stepErrors.push(messageOf(error));
        throw error;
      }
    };
  }
}

function snapshotData(): RecordedData[] {
  return state.dataItems.map((item) => ({
    name: item.definition.getName(),
    varName: item.definition.getVarName(),
    value: item.value === null || item.value === undefined ? null : String(item.value),
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
    secrets: state.authSettings.map((setting) => setting.token),
  };
}

const control: HostControl = {
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

global['configs'] = configs;
global['engine'] = engine;
global['httpClient'] = httpClient;
global['processInstance'] = processInstance;
global['test'] = test;
global['expect'] = expect;
global['fail'] = fail;
global['__qaddonHost'] = control;
