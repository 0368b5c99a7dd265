/** Small helpers for building request bodies. */

/**
 * A copy of `value` without the properties that are `undefined`: the options a modeler left
 * blank are left out of a request body, not sent as `null`.
 */
export function withoutUndefined<T extends object>(value: T): T {
  const result: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] !== undefined) result[key] = value[key];
  }
  return result as T;
}
