/**
 * The names a script may use without declaring them: what GraalJS standard mode (engine type 3)
 * offers at ECMAScript 2020, plus the host objects Questetra puts in scope. Anything else
 * (`console`, `setTimeout`, `fetch`, `Buffer`, `process`, `TextEncoder`, `URL`, …) is missing
 * on the server and would fail there at run time, so the build refuses it.
 */

/** ECMAScript 2020 global properties (ECMA-262 11th edition, section 18), plus `Intl` (ECMA-402). */
export const ECMASCRIPT_GLOBALS: readonly string[] = [
  // value properties and functions
  'globalThis', 'Infinity', 'NaN', 'undefined',
  'eval', 'isFinite', 'isNaN', 'parseFloat', 'parseInt',
  'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent',
  // constructors
  'Array', 'ArrayBuffer', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean', 'DataView', 'Date',
  'Error', 'EvalError', 'Float32Array', 'Float64Array', 'Function', 'Int8Array', 'Int16Array',
  'Int32Array', 'Map', 'Number', 'Object', 'Promise', 'Proxy', 'RangeError', 'ReferenceError',
  'RegExp', 'Set', 'SharedArrayBuffer', 'String', 'Symbol', 'SyntaxError', 'TypeError',
  'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'URIError', 'WeakMap', 'WeakSet',
  // namespaces
  'Atomics', 'JSON', 'Math', 'Reflect', 'Intl',
  // `arguments` is resolved by scope analysis inside functions; listed for top-level safety
  'arguments',
];

/** Host objects every add-on script sees (addon-version 2); `com` for `new com.questetra.bpms.core.event.scripttask.NewQfile(…)`, as 18 of Questetra's published add-ons make files. */
export const QUESTETRA_HOST_GLOBALS: readonly string[] = [
  'configs', 'engine', 'httpClient', 'processInstance',
  'base64', 'fileRepository', 'dateFormatter', 'digest', 'java', 'com',
];

/** What Questetra's test host adds for the `<test>` block. */
export const QUESTETRA_TEST_GLOBALS: readonly string[] = ['test', 'expect', 'fail'];
