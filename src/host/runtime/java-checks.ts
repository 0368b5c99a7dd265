/**
 * Argument checks that stand in for Java's method signatures: GraalJS refuses to pass a JS
 * number where a Java method takes a `String`, so the local host refuses too.
 */

/** Throws a TypeError unless `value` is a string, naming the Java method like GraalJS would. */
export function requireString(value: unknown, method: string, parameter: string): string {
  if (typeof value !== 'string') {
    throw new TypeError(
      `${method}: ${parameter} must be a java.lang.String, but got ${describe(value)} ` +
        '(GraalJS does not convert it; use String(value))',
    );
  }
  return value;
}

export function requireNumber(value: unknown, method: string, parameter: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${method}: ${parameter} must be a number, but got ${describe(value)}`);
  }
  return value;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `${typeof value} ${String(value)}`;
}
