/**
 * What the host reports to its runner, as text: an error's message and where in the add-on it
 * was thrown, the data items, and JSON of plain records. Used by the test host (index.ts) and
 * the run host (run-index.ts).
 */
import type { RecordedData } from './protocol';
import { state } from './state';

// Taken while only the host has run: an add-on may replace these globals and prototypes later,
// and what the host reports must still be written the same way.
const stringify = JSON.stringify;
const ownKeys = Object.keys;
const isArray = Array.isArray;
const apply = Reflect.apply;
const ErrorType = Error;
const toText = String;
const execPattern = RegExp.prototype.exec;

/** " at fn (name.xml <script>:2:1)" in a V8 stack: where in the add-on the error was thrown. */
const ADDON_LOCATION = / at .*?(\S+\.xml <\w+>:\d+:\d+)/;
/**
 * A frame of a stack (V8's and GraalJS's `Error.stack` alike) in the add-on's own code, with the
 * part and position: "    at fn (name.xml <script>:812:18)" or "    at name.xml <test>:3:1". Frames
 * of the host or of eval'd code do not end that way. Digits are bounded: what is reported stays short.
 */
const ADDON_FRAME = /^\s*at .*\.xml (<script>|<test>):(\d{1,9}):(\d{1,9})\)?$/m;
/** Errors the engine throws for a fault in the code itself (not an Error a step throws on purpose). */
const CODE_FAULTS = ['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError', 'URIError', 'EvalError'];
/** A Java class's name (`java.lang.UnsupportedOperationException`): the `name` of a Java exception's stand-in (java-errors.ts). */
const JAVA_CLASS_NAME = /^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*$/;

export function messageOf(error: unknown): string {
  if (error instanceof ErrorType) return toText(error.message);
  // A Java exception seen from GraalJS is no JS Error but has getMessage().
  const javaError = error as { getMessage?: () => string } | null;
  if (javaError && typeof javaError.getMessage === 'function') return toText(javaError.getMessage());
  return toText(error);
}

/**
 * A failed test's (or step call's) message: the thrown error's message, never empty. A Java
 * exception without one (java.sql.Date's toInstant()) is named by its class, as Java prints it
 * and the GraalJS tier reports it.
 */
export function describeFailure(thrown: unknown): string {
  try {
    const message = messageOf(thrown);
    if (message !== '') return message;
    return javaClassOf(thrown) ?? 'failed';
  } catch {
    return 'failed (with a value that could not be described)';
  }
}

/** The Java class of a Java exception's stand-in, or null for anything else. */
function javaClassOf(thrown: unknown): string | null {
  const name = (thrown as { name?: unknown } | null)?.name;
  return typeof name === 'string' && apply(execPattern, JAVA_CLASS_NAME, [name]) !== null ? name : null;
}

/** Where in the add-on `thrown` was thrown (`name.xml <script>:12:5`), or null. */
export function addonLocationOf(thrown: unknown): string | null {
  try {
    const stack = (thrown as { stack?: unknown } | null)?.stack;
    if (typeof stack !== 'string') return null;
    const match = apply(execPattern, ADDON_LOCATION, [stack]) as RegExpExecArray | null;
    return match ? (match[1] as string).replace(/^\(/, '') : null;
  } catch {
    return null;
  }
}

/**
 * Where a test's failure was thrown: the first frame of `thrown`'s stack in the add-on's
 * `<script>` or `<test>`, as `<script>:line:column`, or null (no stack, or no frame of the add-on:
 * a value thrown that is no Error, or `Error.stackTraceLimit` set to 0).
 */
export function failureLocationOf(thrown: unknown): string | null {
  try {
    const stack = (thrown as { stack?: unknown } | null)?.stack;
    if (typeof stack !== 'string') return null;
    const match = apply(execPattern, ADDON_FRAME, [stack]) as RegExpExecArray | null;
    return match ? `${match[1] as string}:${match[2] as string}:${match[3] as string}` : null;
  } catch {
    return null;
  }
}

/**
 * Where a fault in the add-on's code (a TypeError, ReferenceError, …) was thrown, or null: an
 * Error a step throws on purpose carries its whole story in its message.
 */
export function faultLocationOf(thrown: unknown): string | null {
  try {
    const name = (thrown as { name?: unknown } | null)?.name;
    return typeof name === 'string' && CODE_FAULTS.indexOf(name) >= 0 ? addonLocationOf(thrown) : null;
  } catch {
    return null;
  }
}

/** A load error: "Name: message (file.xml <part>:line:column)". */
export function describeLoadError(thrown: unknown): string {
  try {
    const value = thrown as { name?: unknown; message?: unknown } | null;
    if (value && typeof value.message === 'string') {
      const message = value.message;
      const where = addonLocationOf(thrown);
      // Without a message, the name alone, as String(error) and Java's toString() write it.
      return `${toText(value.name ?? 'Error')}${message === '' ? '' : `: ${message}`}${where ? ` (${where})` : ''}`;
    }
    return toText(thrown);
  } catch {
    return 'an error that could not be described';
  }
}

/** A data item's value as text for the report (Java values by their own `toString`). */
function valueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  try {
    return toText(value);
  } catch {
    return '(a value that could not be turned into text)';
  }
}

export function snapshotData(): RecordedData[] {
  const data: RecordedData[] = [];
  for (let i = 0; i < state.dataItems.length; i += 1) {
    const item = state.dataItems[i]!;
    data[i] = { name: item.definition.getName(), varName: item.definition.getVarName(), value: valueText(item.value) };
  }
  return data;
}

/**
 * JSON text of plain data (strings, numbers, booleans, null, arrays, objects), written here
 * rather than by JSON.stringify of objects: a `toJSON` the add-on puts on Object.prototype
 * would otherwise rewrite the report. Strings and numbers still go through JSON.stringify,
 * which never looks for `toJSON` on primitives.
 */
export function toJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return stringify(value);
  if (typeof value === 'number') return stringify(value);
  if (isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i += 1) text += (i === 0 ? '' : ',') + toJson(value[i]);
    return `${text}]`;
  }
  if (typeof value === 'object') {
    const keys = ownKeys(value);
    let text = '{';
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i]!;
      text += `${i === 0 ? '' : ','}${stringify(key)}:${toJson((value as Record<string, unknown>)[key])}`;
    }
    return `${text}}`;
  }
  return 'null';
}
