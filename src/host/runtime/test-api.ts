/** `test`, `expect` and `fail` of the `<test>` block. */

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

/** Deep equality: primitives by value (NaN equals NaN), arrays and objects by content. */
export function deepEqual(actual: unknown, expected: unknown): boolean {
  if (Object.is(actual, expected)) return true;
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
  if (Array.isArray(actual) !== Array.isArray(expected)) return false;
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

export function expect(actual: unknown): TestExpectation {
  return {
    toEqual(expected: unknown): void {
      if (!deepEqual(actual, expected)) {
        throw new Error(`expected ${show(expected)}, but got ${show(actual)}`);
      }
    },
    toThrow(): void {
      if (typeof actual !== 'function') throw new TypeError('expect(fn).toThrow(): fn must be a function');
      try {
        (actual as () => unknown)();
      } catch {
        return;
      }
      throw new Error('expected the function to throw, but it returned normally');
    },
  };
}

export function fail(message?: string): never {
  throw new Error(message === undefined ? 'fail() called' : String(message));
}
