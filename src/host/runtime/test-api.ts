/** `test`, `expect`, `fail` and `execute` of the `<test>` block. */

export interface RegisteredTest {
  name: string;
  fn: () => void;
}

/**
 * The registered tests, in order. A prototype-less object written by index, not an array
 * filled by `push`: a `<test>` block that replaces `Array.prototype.push` or defines setters
 * on `Array.prototype` cannot hide, reorder or swap what the runner later calls.
 */
const registered: Record<number, RegisteredTest> = Object.create(null) as Record<number, RegisteredTest>;
let registeredCount = 0;

export function test(name: string, fn: () => void): void {
  if (typeof name !== 'string' || typeof fn !== 'function') throw new TypeError('test(name, fn): a string and a function');
  registered[registeredCount] = { name, fn };
  registeredCount += 1;
}

/** How many tests the block registered so far. */
export function testCount(): number {
  return registeredCount;
}

/** Test `index` (0-based, below testCount()). */
export function registeredTest(index: number): RegisteredTest {
  const found = registered[index];
  if (found === undefined) throw new RangeError(`no test number ${index}`);
  return found;
}

interface JavaEquatable {
  equals(other: unknown): boolean;
}

function hasJavaEquals(value: unknown): value is JavaEquatable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<JavaEquatable>).equals === 'function';
}

/** A Java list (either tier) seen as its elements. */
function listElements(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return Array.from(value as ArrayLike<unknown>);
  const list = value as { size?: unknown; get?: unknown } | null;
  if (list && typeof list === 'object' && typeof list.size === 'function' && typeof list.get === 'function') {
    const size = (list.size as () => number)();
    const out: unknown[] = [];
    for (let i = 0; i < size; i += 1) out.push((list.get as (i: number) => unknown)(i));
    return out;
  }
  return null;
}

/**
 * Deep equality: primitives by value (NaN equals NaN), arrays and Java lists by their elements,
 * Java objects (and their stand-ins) by `equals`, other objects by their own enumerable content.
 * `null` and `undefined` are equal, as in Questetra's test host, which sees both as Java null
 * (official tests expect `toEqual(undefined)` of a JSON `null`).
 */
export function deepEqual(actual: unknown, expected: unknown): boolean {
  if (Object.is(actual, expected)) return true;
  if ((actual === null || actual === undefined) && (expected === null || expected === undefined)) return true;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
  const actualList = listElements(actual);
  const expectedList = listElements(expected);
  if (actualList !== null || expectedList !== null) {
    if (actualList === null || expectedList === null || actualList.length !== expectedList.length) return false;
    if (Array.isArray(actual) !== Array.isArray(expected) && !(hasJavaEquals(actual) || hasJavaEquals(expected))) return false;
    return actualList.every((element, i) => deepEqual(element, expectedList[i]));
  }
  if (hasJavaEquals(actual) && hasJavaEquals(expected)) return actual.equals(expected);
  const actualKeys = Object.keys(actual);
  const expectedKeys = Object.keys(expected);
  if (actualKeys.length !== expectedKeys.length) return false;
  return expectedKeys.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(actual, key) &&
      deepEqual((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key]),
  );
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The message of what a function threw: an Error's (or a Java exception's) message, or a thrown value's text. */
function thrownMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  const javaError = thrown as { getMessage?: () => unknown } | null;
  if (javaError && typeof javaError === 'object' && typeof javaError.getMessage === 'function') return String(javaError.getMessage());
  return String(thrown);
}

function requireText(actual: unknown, matcher: string): string {
  if (typeof actual !== 'string') throw new Error(`expect(actual).${matcher}: actual must be a string, but got ${show(actual)}`);
  return actual;
}

export function expect(actual: unknown): TestExpectation {
  return {
    toEqual(expected: unknown): void {
      if (!deepEqual(actual, expected)) {
        throw new Error(`expected ${show(expected)}, but got ${show(actual)}`);
      }
    },
    /** Passes when calling `actual` throws; with a message, when what it threw has exactly that message. */
    toThrow(message?: string): void {
      if (typeof actual !== 'function') throw new TypeError('expect(fn).toThrow(): fn must be a function');
      try {
        (actual as () => unknown)();
      } catch (thrown) {
        if (message === undefined) return;
        const got = thrownMessage(thrown);
        if (got === String(message)) return;
        throw new Error(`expected the function to throw ${show(String(message))}, but it threw ${show(got)}`);
      }
      throw new Error('expected the function to throw, but it returned normally');
    },
    startsWith(prefix: string): void {
      if (!requireText(actual, 'startsWith').startsWith(String(prefix))) {
        throw new Error(`expected a string starting with ${show(String(prefix))}, but got ${show(actual)}`);
      }
    },
    containsString(part: string): void {
      if (!requireText(actual, 'containsString').includes(String(part))) {
        throw new Error(`expected a string containing ${show(String(part))}, but got ${show(actual)}`);
      }
    },
  };
}

export function fail(message?: string): never {
  throw new Error(message === undefined ? 'fail() called' : String(message));
}

/**
 * `execute()`: runs the step as the engine would. A script without `<addon-version>2` is a
 * program the engine runs from the top (the host holds it until now); a version-2 script
 * defines `main()`, which the engine calls.
 */
let deferredScript: (() => unknown) | null = null;

export function deferScript(script: () => unknown): void {
  deferredScript = script;
}

export function deferredScriptOf(): (() => unknown) | null {
  return deferredScript;
}

export function setDeferredScript(script: () => unknown): void {
  deferredScript = script;
}

export function execute(): unknown {
  if (deferredScript) return deferredScript();
  const main = (globalThis as { main?: unknown }).main;
  if (typeof main !== 'function') throw new ReferenceError('execute(): the script defines no main()');
  return (main as () => unknown)();
}
