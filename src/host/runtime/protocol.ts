/**
 * What the local host reports about a `<test>` block: the contract between the host runtime
 * (inside the script's context, Node vm or GraalJS) and the runners outside it. Nothing crosses
 * between the two worlds but numbers and text.
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
  /**
   * Where the failure was thrown, when the stack says: the first frame in the add-on's own code,
   * as `<script>:line:column` or `<test>:line:column` (lines of the XML element's text).
   */
  where: string | null;
  /** Messages of errors that `main()` threw and the test caught: what a user would see. */
  stepErrors: string[];
  requests: RecordedRequest[];
  logs: string[];
  data: RecordedData[];
  /** Tokens of the auth settings the test created: secrets that must appear nowhere else. */
  secrets: string[];
}

/** What a test left behind besides its verdict: everything of TestOutcome but name, passed, error. */
export type TestEvidence = Omit<TestOutcome, 'name' | 'passed' | 'error' | 'where'>;

/** One test's result as the host records it in the Node tier (testResults). */
export interface TestResultRecord {
  name: string;
  passed: boolean;
  error: string | null;
  where: string | null;
  evidence: TestEvidence;
}

/** A config's name and form type, as the add-on declares it. */
export interface DeclaredConfig {
  name: string;
  formType: string;
}

/**
 * The host runtime's entry points, installed as the global `__qaddonHost`: a frozen object on a
 * read-only, non-configurable global property, so that an add-on can neither replace nor shadow
 * it. The runners (RunAddonTests.java, the Node tier's sandbox process) take these functions
 * right after the host script ran, before any add-on code, iterate over the tests themselves,
 * call each one and record whether it threw: a `<test>` block cannot report a result.
 * Only primitives cross: numbers and strings out, and (GraalJS, hold) a thrown value back in.
 */
export interface HostControl {
  /**
   * Holds the script of an add-on without `<addon-version>2` (a program whose top level runs the
   * step, e.g. calls `main();`): the engine runs it when the step runs, so here on `execute()`.
   */
  deferScript(script: () => unknown): void;
  /** Tells the host which configs the add-on declares (unknown names then fail loudly). */
  declareConfigs(configs: DeclaredConfig[]): void;
  /** Starts the run after the `<test>` block: watches main/proceed, returns how many tests it registered. */
  startRun(): number;
  /** The name test `index` was registered with. */
  testName(index: number): string;

  // GraalJS tier: RunAddonTests.java calls each test itself.
  /** Gives test `index` fresh state and returns its function: the runner calls it. */
  startTest(index: number): () => void;
  /** What test just ran left behind (TestEvidence), as JSON text. */
  finishTest(): string;
  /** A failed test's message: the thrown error's message (Java exceptions too), never empty. */
  describeFailure(thrown: unknown): string;

  // Node tier: one vm call (one time limit, one watchdog thread) runs all tests in the context.
  /**
   * Runs tests 0 to startRun()'s count - 1 in order, each with fresh state, recording whether it
   * threw (and what), and its evidence. Refuses to run twice or from inside a test.
   */
  runAllTests(): void;
  /** The recorded results of tests `from` to `to` - 1 as a JSON array of TestResultRecord. */
  testResults(from: number, to: number): string;
  /** How many tests have a recorded result; after a stop, the one running is the next. */
  finishedTests(): number;

  /** A load error: "Name: message (file.xml <part>:line:column)". */
  describeLoadError(thrown: unknown): string;
  /**
   * Keeps a value thrown out of the sandbox, so that the Node tier can describe it with
   * `describeLoadError(__qaddonHost.held())` under the vm's time limit: describing may run the
   * add-on's getters and toString, which must not run in the runner's own realm.
   */
  hold(thrown: unknown): void;
  held(): unknown;
}
