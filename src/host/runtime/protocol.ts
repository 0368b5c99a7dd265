/**
 * What the local host reports after running a `<test>` block: the contract between the host
 * runtime (inside the script's context, Node vm or GraalJS) and the runners outside it.
 * Travels as one JSON string, so nothing crosses between the two worlds but text.
 */

/** A request the step sent, as the test's request handler saw it. */
export interface RecordedRequest {
  method: string;
  url: string;
  contentType: string | null;
  headers: Record<string, string>;
  body: string | null;
}

/** A data item's value when the test ended (Java values as their text). */
export interface RecordedData {
  name: string;
  varName: string | null;
  value: string | null;
}

/** One `test(name, fn)` of the block. */
export interface TestOutcome {
  name: string;
  passed: boolean;
  /** The thrown error's message when the test failed. */
  error: string | null;
  /** Messages of errors that `main()` threw and the test caught: what a user would see. */
  stepErrors: string[];
  requests: RecordedRequest[];
  logs: string[];
  data: RecordedData[];
  /** Tokens of the auth settings the test created: secrets that must appear nowhere else. */
  secrets: string[];
}

export interface RunReport {
  tests: TestOutcome[];
}

/** A config's name and form type, as the add-on declares it. */
export interface DeclaredConfig {
  name: string;
  formType: string;
}

/** The host runtime's entry points, installed as the global `__qaddonHost`. */
export interface HostControl {
  /**
   * Holds the script of an add-on without `<addon-version>2` (a program whose top level runs the
   * step, e.g. calls `main();`): the engine runs it when the step runs, so here on `execute()`.
   */
  deferScript(script: () => unknown): void;
  /** Tells the host which configs the add-on declares (unknown names then fail loudly). */
  declareConfigs(configs: DeclaredConfig[]): void;
  /** Runs every registered test and returns a RunReport as JSON. */
  runTests(): string;
}
