/**
 * `java.util.ArrayList` and `java.util.LinkedHashMap` for the Node tier.
 *
 * GraalJS shows a Java list to a script as an array-like object: `Array.isArray(list)` is true,
 * `list[i]`, `list.length`, `for…of` and `JSON.stringify` work, and the Java methods (`size()`,
 * `get(i)`, `add(x)`, …) win over the array methods of the same name. The stand-in is therefore
 * a JS array with the Java methods on top; `map`/`filter` give plain arrays, as in GraalJS.
 */
import { illegalArgument, indexOutOfBounds, javaException } from './java-errors';

/** Java's `String.valueOf(x)` for the text of collections. */
export function javaText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return String(value);
}

function javaEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const equatable = a as { equals?: (other: unknown) => boolean } | null;
  return !!equatable && typeof equatable === 'object' && typeof equatable.equals === 'function' && equatable.equals(b);
}

function checkIndex(index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) throw indexOutOfBounds(index, length);
}

/** The elements of a Java collection or a JS array/iterable argument. */
function elementsOf(collection: unknown): unknown[] {
  if (collection === null || collection === undefined) throw javaException('java.lang.NullPointerException', 'collection is null');
  if (Array.isArray(collection)) return collection.slice();
  const iterable = collection as { [Symbol.iterator]?: () => Iterator<unknown> };
  if (typeof iterable[Symbol.iterator] === 'function') return Array.from(iterable as Iterable<unknown>);
  throw illegalArgument(`argument type mismatch: ${javaText(collection)} is not a java.util.Collection`);
}

export class JavaArrayList<T = unknown> extends Array<T> {
  static get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** `new ArrayList()`, `new ArrayList(capacity)` or `new ArrayList(collection)`. */
  constructor(source?: unknown) {
    super();
    if (source !== undefined && typeof source !== 'number') {
      for (const element of elementsOf(source)) Array.prototype.push.call(this, element);
    }
  }

  size(): number {
    return this.length;
  }

  isEmpty(): boolean {
    return this.length === 0;
  }

  get(index: number): T {
    checkIndex(index, this.length);
    return this[index] as T;
  }

  /** `add(element)` → true, or `add(index, element)`. */
  add(indexOrElement: unknown, element?: T): boolean | void {
    if (arguments.length >= 2) {
      const index = indexOrElement as number;
      if (!Number.isInteger(index) || index < 0 || index > this.length) throw indexOutOfBounds(index, this.length);
      this.splice(index, 0, element as T);
      return;
    }
    Array.prototype.push.call(this, indexOrElement);
    return true;
  }

  addAll(indexOrCollection: unknown, collection?: unknown): boolean {
    const atEnd = arguments.length < 2;
    const elements = elementsOf(atEnd ? indexOrCollection : collection);
    const index = atEnd ? this.length : (indexOrCollection as number);
    this.splice(index, 0, ...(elements as T[]));
    return elements.length > 0;
  }

  set(index: number, element: T): T {
    checkIndex(index, this.length);
    const previous = this[index] as T;
    this[index] = element;
    return previous;
  }

  /** `remove(int index)` → the element, or `remove(Object)` → whether it was there. */
  remove(indexOrElement: unknown): unknown {
    if (typeof indexOrElement === 'number') {
      checkIndex(indexOrElement, this.length);
      return this.splice(indexOrElement, 1)[0];
    }
    const index = this.indexOf(indexOrElement as T);
    if (index < 0) return false;
    this.splice(index, 1);
    return true;
  }

  contains(element: unknown): boolean {
    return this.indexOf(element as T) >= 0;
  }

  indexOf(element: T): number {
    for (let i = 0; i < this.length; i += 1) if (javaEquals(element, this[i])) return i;
    return -1;
  }

  clear(): void {
    this.length = 0;
  }

  toArray(): T[] {
    return Array.from(this);
  }

  /** Java's `forEach(Consumer)`: the element only. */
  forEach(action: (element: T, index: number, array: T[]) => void): void {
    const consumer = action as unknown as (element: T) => void;
    for (let i = 0; i < this.length; i += 1) consumer(this[i] as T);
  }

  iterator(): { hasNext(): boolean; next(): T } {
    let position = 0;
    return {
      hasNext: () => position < this.length,
      next: () => {
        if (position >= this.length) throw javaException('java.util.NoSuchElementException', '');
        return this[position++] as T;
      },
    };
  }

  subList(from: number, to: number): JavaArrayList<T> {
    if (from < 0 || to > this.length || from > to) throw indexOutOfBounds(from < 0 ? from : to, this.length);
    return new JavaArrayList<T>(this.slice(from, to));
  }

  equals(other: unknown): boolean {
    if (!(other instanceof JavaArrayList) || other.length !== this.length) return false;
    for (let i = 0; i < this.length; i += 1) if (!javaEquals(this[i], other[i])) return false;
    return true;
  }

  toString(): string {
    return `[${Array.from(this, (element) => javaText(element)).join(', ')}]`;
  }
}

/** `java.util.LinkedHashMap` (also standing in for `HashMap`): keys in insertion order. */
export class JavaLinkedHashMap<K = unknown, V = unknown> {
  private readonly entries = new Map<K, V>();

  constructor(source?: unknown) {
    if (source instanceof JavaLinkedHashMap) {
      for (const [key, value] of (source as JavaLinkedHashMap<K, V>).entries) this.entries.set(key, value);
    }
  }

  size(): number {
    return this.entries.size;
  }

  isEmpty(): boolean {
    return this.entries.size === 0;
  }

  get(key: K): V | null {
    return this.entries.has(key) ? (this.entries.get(key) as V) : null;
  }

  getOrDefault(key: K, fallback: V): V {
    return this.entries.has(key) ? (this.entries.get(key) as V) : fallback;
  }

  put(key: K, value: V): V | null {
    const previous = this.get(key);
    this.entries.set(key, value);
    return previous;
  }

  putIfAbsent(key: K, value: V): V | null {
    const previous = this.get(key);
    if (previous === null) this.entries.set(key, value);
    return previous;
  }

  remove(key: K): V | null {
    const previous = this.get(key);
    this.entries.delete(key);
    return previous;
  }

  containsKey(key: K): boolean {
    return this.entries.has(key);
  }

  containsValue(value: V): boolean {
    for (const candidate of this.entries.values()) if (javaEquals(value, candidate)) return true;
    return false;
  }

  clear(): void {
    this.entries.clear();
  }

  keySet(): JavaArrayList<K> {
    return new JavaArrayList<K>(Array.from(this.entries.keys()));
  }

  values(): JavaArrayList<V> {
    return new JavaArrayList<V>(Array.from(this.entries.values()));
  }

  entrySet(): JavaArrayList<{ getKey(): K; getValue(): V }> {
    return new JavaArrayList(Array.from(this.entries, ([key, value]) => ({ getKey: () => key, getValue: () => value, toString: () => `${javaText(key)}=${javaText(value)}` })));
  }

  forEach(action: (key: K, value: V) => void): void {
    for (const [key, value] of this.entries) action(key, value);
  }

  toString(): string {
    return `{${Array.from(this.entries, ([key, value]) => `${javaText(key)}=${javaText(value)}`).join(', ')}}`;
  }
}
