/** `test`, `expect` and `fail` of the `<test>` block. */

export interface RegisteredTest {
  name: string;
  fn: () => void;
}

export const registeredTests: RegisteredTest[] = [];

export function test(name: string, fn: () => void): void {
  if (typeof name !== 'string' || typeof fn !== 'function') throw new TypeError('test(name, fn): a string and a function');
  registeredTests.push({ name, fn });
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
