/**
 * Hostile `<test>` blocks: one add-on per way out of the sandbox, into a hang, or into a forged
 * result that has been found (issue 11, and the ones found while closing it). Each is written to
 * succeed where the sandbox has a hole: an escape reaches `process` or a Java class and then
 * reads the canary variable, reads and overwrites the canary file, and lets its test pass; a
 * hang keeps the run going; a forgery makes a failing test read as passed. The suite
 * (test/sandbox.test.ts) runs them all in both tiers and checks that none succeeded.
 */

export type HostileKind = 'escape' | 'hang' | 'forgery';

export interface HostileCase {
  /** Also the add-on's file name. */
  name: string;
  kind: HostileKind;
  /** What the case tries, for the reader. */
  route: string;
  script?: string;
  test: string;
  /** The tiers where it truly hangs, so must be reported as stopped at the limit (elsewhere it may fail sooner). */
  stopsIn?: Array<'node' | 'graaljs'>;
  /**
   * It ends the GraalJS tier's JVM by design (halted, or out of heap), so the add-ons after it
   * need a new JVM: GraalJS runs it in `npm run test:jvm-ending`, not in `npm test`, whose one
   * JVM it would cost (test/jvm-ending/).
   */
  endsJvm?: true;
}

export interface Canary {
  /** A file the sandbox must neither read nor change. */
  file: string;
  /** An environment variable of the caller's, which the sandbox must not see. */
  variable: string;
}

/**
 * `pwn(p)`: given Node's `process`, reads the canary variable and file into the log and
 * overwrites the file. With anything else it throws, so its test fails.
 */
function pwnNode(canary: Canary): string {
  return `
function pwn(p) {
  var fs = p.getBuiltinModule('fs');
  engine.log('variable: ' + p.env[${JSON.stringify(canary.variable)}]);
  engine.log('file: ' + fs.readFileSync(${JSON.stringify(canary.file)}, 'utf8'));
  fs.writeFileSync(${JSON.stringify(canary.file)}, 'overwritten from a sandbox');
}
`;
}

/** A test that fails unless an attack in `body` returned normally. */
function attack(body: string): string {
  return `test('attack', function () {\n${body}\n});\n`;
}

/** Java's `Java.type`, and the canary path as a Java string literal. */
function javaCases(canary: Canary): HostileCase[] {
  const file = JSON.stringify(canary.file);
  const javaCase = (name: string, route: string, body: string): HostileCase => ({ name, kind: 'escape', route, test: attack(body) });
  return [
    javaCase('java-formatter-writes-file', 'java.util.Formatter(path) creates and writes any file', `new (Java.type('java.util.Formatter'))(${file}).format('overwritten from a sandbox').close();`),
    javaCase('java-filehandler-writes-file', 'java.util.logging.FileHandler(path) writes files', `new (Java.type('java.util.logging.FileHandler'))(${file}).close();`),
    javaCase('java-preferences', 'java.util.prefs.Preferences reaches the home folder', `Java.type('java.util.prefs.Preferences').userRoot().nodeExists('qaddon-canary');`),
    javaCase(
      'java-jarfile-probes-paths',
      'java.util.jar.JarFile tells whether a path exists',
      `var JarFile = Java.type('java.util.jar.JarFile');
var missing = ''; var present = '';
try { new JarFile('/nonexistent/qaddon-canary.jar'); } catch (e) { missing = String(e); }
try { new JarFile(${file}); } catch (e) { present = String(e); }
if (missing === present) throw new Error('no difference');`,
    ),
    javaCase(
      'java-zipfile-reads-archives',
      'java.util.zip.ZipFile opens any archive (and tells whether a path exists)',
      `var ZipFile = Java.type('java.util.zip.ZipFile');
var missing = ''; var present = '';
try { new ZipFile('/nonexistent/qaddon-canary.zip'); } catch (e) { missing = String(e); }
try { new ZipFile(${file}); } catch (e) { present = String(e); }
if (missing === present) throw new Error('no difference');`,
    ),
    javaCase('java-timezone-setdefault', 'TimeZone.setDefault changes JVM-wide state', `var TimeZone = Java.type('java.util.TimeZone'); TimeZone.setDefault(TimeZone.getTimeZone('Pacific/Kiritimati'));`),
    javaCase('java-locale-setdefault', 'Locale.setDefault of a listed class changes JVM-wide state', `var Locale = Java.type('java.util.Locale'); Locale.setDefault(Locale.GERMANY);`),
    javaCase('java-timer-thread', 'java.util.Timer starts a non-daemon thread', `new (Java.type('java.util.Timer'))().schedule(function () {}, 1000000);`),
    javaCase('java-semaphore', 'Semaphore.acquireUninterruptibly survives cancellation', `new (Java.type('java.util.concurrent.Semaphore'))(0).acquireUninterruptibly();`),
    javaCase(
      'java-getclass-reflection',
      'getClass() of an allowed object leads to reflection (Method.invoke)',
      `var list = new (Java.type('java.util.ArrayList'))(); var methods = list.getClass().getMethods(); if (!(methods.length > 0)) throw new Error('none');`,
    ),
    javaCase(
      'java-class-member-reflection',
      '.class of an allowed type leads to reflection',
      `var methods = Java.type('java.util.ArrayList').class.getDeclaredMethods(); if (!(methods.length > 0)) throw new Error('none');`,
    ),
    javaCase(
      'java-exception-reflection',
      "a Java exception's getClass() and getStackTrace()",
      `try { new (Java.type('java.math.BigDecimal'))('x'); } catch (e) { e.getStackTrace(); e.getClass().getClassLoader(); }`,
    ),
    javaCase('java-runtime-exec', 'java.lang.Runtime.exec', `Java.type('java.lang.Runtime').getRuntime().exec(['touch', ${file}]);`),
    javaCase('java-package-globals', 'the java / Packages globals look up any class', `new java.io.File(${file}).delete(); new Packages.java.io.File(${file}).delete();`),
    javaCase(
      'java-host-only-class',
      "a class only the local host uses (java.util.Base64): Node's tier has no such class, so a step using it would pass in GraalJS only",
      `var routes = {
  'Java.type': function () { return Java.type('java.util.Base64'); },
  'java.util': function () { return java.util.Base64; },
  'Packages': function () { return Packages.java.util.Base64; },
};
var reached = Object.keys(routes).filter(function (route) {
  try { return typeof routes[route]().getEncoder().encodeToString('x'.getBytes ? 'x'.getBytes() : [120]) === 'string'; } catch (e) { return false; }
});
if (reached.length === 0) throw new Error('no route reached java.util.Base64');`,
    ),
    javaCase('java-extend', 'Java.extend generates and loads a class', `Java.extend(Java.type('java.util.ArrayList'));`),
    javaCase('graaljs-load', 'GraalJS load() reads a file', `load(${file});`),
    javaCase('graaljs-polyglot-eval', 'Polyglot.eval reaches other languages', `Polyglot.eval('js', '1');`),
  ];
}

/** Routes to Node's `process` from inside a vm context. */
function nodeCases(canary: Canary): HostileCase[] {
  const nodeCase = (name: string, route: string, test: string): HostileCase => ({ name, kind: 'escape', route, test: pwnNode(canary) + test });
  return [
    nodeCase('node-global-constructor', "the global object's constructor (created outside the context)", attack("pwn(this.constructor.constructor('return process')());")),
    nodeCase('node-global-method-constructor', 'any method of the global object: hasOwnProperty.constructor', attack("pwn(globalThis.hasOwnProperty.constructor('return process')());")),
    nodeCase('node-tostring-constructor', 'toString.constructor', attack("pwn(toString.constructor('return process')());")),
    nodeCase('node-lookupgetter-constructor', '__lookupGetter__.constructor', attack("pwn(__lookupGetter__.constructor('return process')());")),
    nodeCase(
      'node-dynamic-import',
      "import('fs'), and the constructor of the Error it rejects with",
      `import('fs').then(function (fs) { fs.writeFileSync(${JSON.stringify(canary.file)}, 'overwritten from a sandbox'); }, function (e) { pwn(e.constructor.constructor('return process')()); });
${attack("fail('the outcome is in the canary file');")}`,
    ),
    nodeCase(
      'node-dynamic-import-from-eval',
      "import() in code made by Function(), and its rejection's constructor",
      `Function("return import('fs')")().then(function () {}, function (e) { pwn(e.constructor.constructor('return process')()); });
${attack("fail('the outcome is in the canary file');")}`,
    ),
    nodeCase(
      'node-stack-call-sites',
      'Error.prepareStackTrace: functions and receivers of the frames that called the test',
      attack(`Error.prepareStackTrace = function (error, frames) { return frames; };
var frames = new Error().stack;
Error.prepareStackTrace = undefined;
for (var i = 0; i < frames.length; i += 1) {
  var candidates = [frames[i].getFunction(), frames[i].getThis()];
  for (var j = 0; j < candidates.length; j += 1) {
    var c = candidates[j];
    if (!c || !c.constructor) continue;
    var p = c.constructor.constructor('return typeof process === "undefined" ? undefined : process')();
    if (p) { pwn(p); return; }
  }
}
throw new Error('no frame reached a process');`),
    ),
  ];
}

/** Ways to keep the run going past its limit. */
function hangCases(): HostileCase[] {
  const hang = (name: string, route: string, test: string, script?: string): HostileCase => ({ name, kind: 'hang', route, test, ...(script ? { script } : {}) });
  const stops = (hostile: HostileCase, stopsIn: Array<'node' | 'graaljs'> = ['node', 'graaljs']): HostileCase => ({ ...hostile, stopsIn });
  return [
    // In GraalJS only a halt stops it (Java code ignores cancellation): the add-ons after it run in a new JVM.
    {
      ...stops(
        hang('hang-java-bigdecimal', 'a long computation in Java code (BigDecimal.pow), which ignores cancellation', attack("Java.type('java.math.BigDecimal').valueOf(3).pow(300000000).toString();")),
        ['graaljs'],
      ),
      endsJvm: true,
    },
    stops(hang('hang-test-loop', 'an endless loop in a test', attack('for (;;) {}'))),
    stops(hang('hang-top-level-loop', 'an endless loop at the top of the <test> block', `for (;;) {}\n${attack('')}`)),
    stops(hang('hang-script-loop', 'an endless loop at the top of the <script>', attack(''), 'function main() {}\nfor (;;) {}\n')),
    hang('hang-microtask-top-level', 'an endless loop in a promise callback queued by the block', `Promise.resolve().then(function () { for (;;) {} });\n${attack("fail('the loop did not run')")}`),
    hang('hang-microtask-in-test', 'an endless loop in a promise callback queued by a test', attack("Promise.resolve().then(function () { for (;;) {} }); fail('the loop did not run');")),
    stops(
      hang(
        'hang-message-getter',
        'a thrown Error whose message getter loops (run when the failure is described)',
        attack("var error = new Error('x'); Object.defineProperty(error, 'message', { get: function () { for (;;) {} } }); throw error;"),
      ),
    ),
    stops(hang('hang-tostring', 'a thrown object whose toString loops', attack('throw { toString: function () { for (;;) {} } };'))),
    hang(
      'hang-thrown-proxy',
      'a thrown Proxy whose every trap loops (in case the runner inspects it)',
      attack('var loop = function () { for (;;) {} }; throw new Proxy({}, { get: loop, has: loop, getPrototypeOf: loop, ownKeys: loop, getOwnPropertyDescriptor: loop });'),
    ),
    hang('hang-load-error-getter', 'a load error whose message getter loops', `throw { get message() { for (;;) {} }, get stack() { for (;;) {} } };\n${attack('')}`),
    stops(
      hang(
        'hang-main-getter',
        'a getter on main that loops (read when the runner watches main)',
        `Object.defineProperty(globalThis, 'main', { get: function () { for (;;) {} } });\n${attack("fail('not reached')")}`,
        '// main comes from the <test> block\n',
      ),
    ),
    hang('hang-atomics-wait', 'Atomics.wait on a buffer nobody notifies', attack('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);')),
    hang(
      'hang-finalization-callback',
      'a FinalizationRegistry callback that loops, queued to run after the tests',
      `var registry = new FinalizationRegistry(function () { for (;;) {} });
(function () { for (var i = 0; i < 1000; i += 1) registry.register({}, i); })();
${attack("fail('the callback is the attack')")}`,
    ),
    { ...hang('hang-memory', 'filling the heap', attack('var keep = []; for (;;) keep.push(new Array(1 << 20).fill(7));')), endsJvm: true },
    // The Node tier's heap cap leaves typed arrays out: its memory watch stops the process (the
    // suite lowers the limit to MEMORY_LIMIT_BYTES, below these 256 MiB). GraalJS keeps them in
    // its JVM's heap, where they fit: the loop after them is stopped at the time limit there.
    stops(
      hang(
        'memory-outside-heap',
        'filling memory outside the JavaScript heap (typed arrays), then holding it',
        attack('var keep = []; for (var i = 0; i < 8; i += 1) { var bytes = new Uint8Array(32 * 1024 * 1024); bytes.fill(1); keep.push(bytes); } for (;;) {}'),
      ),
      ['graaljs'],
    ),
  ];
}

/** Ways to make a failing test read as passed, or to print a result of one's own. */
function forgeryCases(): HostileCase[] {
  const failing = "test('fails', function () { expect(1).toEqual(2); });\n";
  const forgery = (name: string, route: string, test: string): HostileCase => ({ name, kind: 'forgery', route, test });
  return [
    forgery(
      'forge-replace-runner',
      "replacing the host's runner, its functions, or the whole host object",
      `${failing}var passing = function () { return JSON.stringify({ tests: [{ name: 'fails', passed: true, error: null, stepErrors: [], requests: [], logs: [], data: [], secrets: [] }] }); };
var fake = { declareConfigs: function () {}, runTests: passing, startRun: function () { return 0; } };
try { __qaddonHost.runTests = passing; } catch (e) {}
try { __qaddonHost.startTest = function () { return function () {}; }; } catch (e) {}
try { Object.defineProperty(__qaddonHost, 'startTest', { value: function () { return function () {}; } }); } catch (e) {}
try { __qaddonHost = fake; } catch (e) {}
try { Object.defineProperty(globalThis, '__qaddonHost', { value: fake }); } catch (e) {}`,
    ),
    forgery(
      'forge-shadow-runner',
      'a global let that shadows the host for the scripts evaluated after the block',
      `${failing}let __qaddonHost = { declareConfigs: function () {}, runTests: function () { return JSON.stringify({ tests: [] }); }, startRun: function () { return 0; } };`,
    ),
    forgery(
      'forge-array-push',
      'Array.prototype.push swapping the registered test for a passing one',
      `var realPush = Array.prototype.push;
Array.prototype.push = function (record) { if (record && typeof record.fn === 'function') record.fn = function () {}; return realPush.apply(this, arguments); };
Object.defineProperty(Array.prototype, '0', { configurable: true, set: function (record) { if (record && typeof record.fn === 'function') record.fn = function () {}; Object.defineProperty(this, '0', { value: record, writable: true, enumerable: true, configurable: true }); } });
${failing}`,
    ),
    forgery(
      'forge-tojson',
      'Object.prototype.toJSON rewriting the report as it is serialised',
      `Object.prototype.toJSON = function () {
  if (Array.isArray(this.tests)) this.tests.forEach(function (t) { t.passed = true; t.error = null; });
  if (typeof this.passed === 'boolean') { this.passed = true; this.error = null; }
  return Object.assign({}, this);
};
${failing}`,
    ),
    forgery(
      'forge-printed-lines',
      'a test name with line breaks and ANSI escapes that prints a fake tally and hides the real one',
      `test('fine\\n  forge-printed-lines: 9 passed, 0 failed\\n9 passed, 0 failed\\u001b[2K\\u001b[1A\\u001b[8m\\u009b2K\\u202e', function () { expect(1).toEqual(2); });`,
    ),
    forgery(
      'forge-error-hides-itself',
      "a failure whose message is empty and whose toString says it passed",
      `test('fails', function () { var e = new Error(''); e.toString = function () { return 'passed'; }; throw e; });`,
    ),
  ];
}

/** Every hostile case, escapes and forgeries first, the hangs last. */
export function hostileCases(canary: Canary): HostileCase[] {
  return [...javaCases(canary), ...nodeCases(canary), ...forgeryCases(), ...hangCases()];
}
