/**
 * Java values where the engine has Java (the GraalJS tier), faithful stand-ins elsewhere (Node vm).
 * Questetra hands a DECIMAL item to a script as a `java.math.BigDecimal`, a FILE or SELECT item
 * as a `java.util.List`; where the engine has Java the local host gives the real classes, and
 * under Node the stand-ins of java-stand-ins.ts, which behave like them (`size()`, `get(i)`,
 * `add(x)`, `compareTo`, `toPlainString()` …), so a script that treats them as JS arrays or
 * numbers fails here as it would on the server.
 */
import { BigDecimal } from './java-bigdecimal';
import { JavaArrayList, JavaLinkedHashMap } from './java-collections';

export interface JavaInterop {
  type(className: string): new (...args: unknown[]) => unknown;
  isJavaObject?(value: unknown): boolean;
}

/**
 * GraalJS's `Java` object, or undefined under Node. Read once, when the host loads: the add-on's
 * own code runs later and cannot swap it.
 */
const interop: JavaInterop | undefined = (() => {
  const candidate = (globalThis as { Java?: JavaInterop }).Java;
  return candidate && typeof candidate.type === 'function' ? candidate : undefined;
})();

export function javaInterop(): JavaInterop | undefined {
  return interop;
}

/**
 * The Java classes the host may use (every class of test/graaljs/host-classes.txt), taken at init
 * from the binding the GraalJS runner sets before this script and removes before any add-on code
 * runs (RunAddonTests.evalHost). The host never looks a class up by name: a script's lookup
 * (`Java.type`, `java.util.X`) reaches only the "[scripts]" classes, in GraalJS as in Node, and
 * the "[host]" ones (Base64, MessageDigest, …) stay in this closure.
 */
const HOST_CLASSES_BINDING = '__qaddonJavaClasses';
const javaTypes: ReadonlyMap<string, unknown> = (() => {
  const global = globalThis as Record<string, unknown>;
  const given = global[HOST_CLASSES_BINDING];
  delete global[HOST_CLASSES_BINDING];
  const types = new Map<string, unknown>();
  if (interop && given !== null && typeof given === 'object') {
    for (const name of Object.keys(given)) types.set(name, (given as Record<string, unknown>)[name]);
  }
  return types;
})();

/** A Java class of the GraalJS tier, as the runner handed it; throws under Node, where callers use stand-ins. */
export function javaType<T = unknown>(className: string): T {
  if (!interop) throw new Error(`${className} exists only where the engine has Java`);
  const type = javaTypes.get(className);
  if (type === undefined) throw new Error(`${className} was not handed to the host (test/graaljs/host-classes.txt lists the classes RunAddonTests.java hands it)`);
  return type as T;
}

/** Which engine the host runs in, for reports. */
export function engineName(): string {
  return interop ? 'graaljs' : 'node';
}

/** A `java.math.BigDecimal` (real under GraalJS, the stand-in under Node) of a number or its text. */
export function toDecimal(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'number' ? numberText(value) : String(value);
  if (interop) {
    const RealBigDecimal = javaType<new (text: string) => unknown>('java.math.BigDecimal');
    return new RealBigDecimal(text);
  }
  return new BigDecimal(text);
}

/** A JS number as Java's `BigDecimal.valueOf(double)` would write it: 1.5 → "1.5", 1 → "1". */
function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`${value} is not a decimal number`);
  return Number.isInteger(value) ? value.toFixed(0) : String(value);
}

/** Whether `value` is a `java.util.List` (either tier) rather than a JS array. */
export function isJavaList(value: unknown): value is JavaList<unknown> {
  if (value instanceof JavaArrayList) return true;
  if (!interop || value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<JavaList<unknown>>;
  return typeof candidate.size === 'function' && typeof candidate.get === 'function' && typeof candidate.add === 'function';
}

export interface JavaMap<K = unknown, V = unknown> {
  size(): number;
  get(key: K): V | null;
  put(key: K, value: V): V | null;
  containsKey(key: K): boolean;
}

/** A new, empty `java.util.ArrayList` (real under GraalJS). */
export function newJavaList<T = unknown>(values: Iterable<T> = []): JavaList<T> {
  const list = interop ? new (javaType<new () => JavaList<T>>('java.util.ArrayList'))() : (new JavaArrayList() as unknown as JavaList<T>);
  for (const value of values) list.add(value);
  return list;
}

/** A new, empty `java.util.LinkedHashMap` (real under GraalJS): keys keep their insertion order. */
export function newJavaMap<K = unknown, V = unknown>(): JavaMap<K, V> {
  return interop ? new (javaType<new () => JavaMap<K, V>>('java.util.LinkedHashMap'))() : (new JavaLinkedHashMap() as unknown as JavaMap<K, V>);
}

/** The elements of a Java list or a JS array, as a JS array. */
export function listElements(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.slice();
  if (isJavaList(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.size(); i += 1) out.push(value.get(i));
    return out;
  }
  return [value];
}
