/** The GraalJS gate: ES2020 syntax only, and only globals the server has. */
import { describe, expect, it } from 'vitest';
import { checkEs2020, checkScript, GateError, sameProgram, undeclaredGlobals, parseEs2020 } from '../src/bundle/gate.js';
import { emitScript } from '../src/bundle/emit.js';
import { parseCount } from '../src/bundle/parse.js';
import { ECMASCRIPT_GLOBALS, QUESTETRA_HOST_GLOBALS } from '../src/bundle/globals.js';

const SUBJECT = { addon: 'my-addon', part: '<script>' } as const;
const ALLOWED = [...ECMASCRIPT_GLOBALS, ...QUESTETRA_HOST_GLOBALS];

function check(code: string): void {
  checkScript(code, SUBJECT, ALLOWED);
}

/** The GateError `code` raises (fails the test when it passes the gate). */
function gateError(code: string): GateError {
  try {
    check(code);
  } catch (error) {
    expect(error).toBeInstanceOf(GateError);
    return error as GateError;
  }
  throw new Error(`the gate accepted: ${code}`);
}

describe('the gate rejects Node and browser globals, naming the identifier and the add-on', () => {
  it.each([
    ["console.log('x');", 'console'],
    ['setTimeout(function () {}, 10);', 'setTimeout'],
    ["fetch('https://example.com');", 'fetch'],
    ["var b = Buffer.from('x');", 'Buffer'],
    ['var e = process.env;', 'process'],
    ["var t = new TextEncoder().encode('x');", 'TextEncoder'],
    ["var u = new URL('https://example.com');", 'URL'],
    ["var m = require('fs');", 'require'],
    ['var w = typeof window;', 'window'],
  ])('%s', (code, identifier) => {
    const message = gateError(`function main() {\n  ${code}\n}\n`).message;
    expect(message).toContain(`'${identifier}'`);
    expect(message).toMatch(/^my-addon <script>: /);
    expect(message).toContain('neither an ECMAScript 2020 built-in nor a Questetra host object');
  });

  it('names every offending global once', () => {
    const message = gateError('console.log(1); console.warn(2); setTimeout(f); function f() {}').message;
    expect(message).toContain("refers to 'console', 'setTimeout', which are");
  });

  it('an assignment to an undeclared name (an implicit global)', () => {
    expect(gateError('function main() { result = 1; }').message).toContain("'result'");
  });
});

describe('the gate accepts', () => {
  it('ES2020 built-ins', () => {
    expect(() =>
      check(`
        function main() {
          var json = JSON.stringify({ a: Math.max(1, 2), d: new Date(0).toISOString() });
          var re = new RegExp('^a', 'u');
          var m = new Map([[1, 2]]); var s = new Set([1]); var w = new WeakMap();
          var n = parseInt('12', 10) + parseFloat('1.5') + Number('1') + (isNaN(NaN) ? 1 : 0);
          var e = encodeURIComponent('a b') + decodeURIComponent('%20') + String(Symbol('x').toString());
          var big = BigInt(1) + 2n;
          var p = Promise.resolve(1); var r = Reflect.ownKeys({}); var g = globalThis;
          var arr = Array.from(new Uint8Array(2)); var o = Object.entries({ json: json });
          try { throw new TypeError('x'); } catch (err) { if (err instanceof Error) { var f = new Intl.NumberFormat('en').format(1); } }
          return [json, re, m, s, w, n, e, big, p, r, g, arr, o, f, Infinity, undefined];
        }`),
    ).not.toThrow();
  });

  it('the Questetra host objects', () => {
    expect(() =>
      check(`
        function main() {
          var auth = configs.getObject('U1');
          var item = configs.getObject('B1');
          engine.log(configs.get('A1'));
          engine.setData(item, String(processInstance.getProcessInstanceId()));
          return httpClient.begin().authSetting(auth).get('https://example.com');
        }`),
    ).not.toThrow();
  });

  it('optional chaining and ?? (ES2020)', () => {
    expect(() => check('function main() { var a = {}; var c = 1; return a?.b ?? c; }')).not.toThrow();
  });

  it('names declared locally, even when they shadow a forbidden global', () => {
    expect(() => check('function f(console) { console.x(); }\nfunction main() { var process = {}; return f(process); }')).not.toThrow();
    expect(() => check('var console = { log: function () {} };\nfunction main() { console.log(1); }')).not.toThrow();
    expect(() => check('function main() { try { return 1; } catch (fetch) { return fetch; } }')).not.toThrow();
  });
});

describe('the gate rejects syntax newer than ES2020', () => {
  it.each([
    ['x ??= 1 (ES2021)', 'var x;\nx ??= 1;'],
    ['x ||= 1 (ES2021)', 'var x;\nx ||= 1;'],
    ['numeric separators (ES2021)', 'var n = 1_000;'],
    ['class fields (ES2022)', 'class A { x = 1; }'],
    ['top-level await / module syntax', "import x from 'y';"],
  ])('%s', (_name, code) => {
    const message = gateError(code).message;
    expect(message).toMatch(/^my-addon <script>: not valid ECMAScript 2020 \(GraalJS engine type 3 rejects it\): /);
  });

  it('quotes the line and column of ??=', () => {
    expect(gateError('function main() {\n  var x;\n  x ??= 1;\n}').message).toMatch(/at line 3, column 7: x \?\?= 1;$/);
  });
});

describe('the gate rejects bundler helpers', () => {
  it('var __defProp = Object.defineProperty;', () => {
    const message = gateError('var __defProp = Object.defineProperty;\nfunction main() {}').message;
    expect(message).toMatch(/^my-addon <script>: carries bundler runtime helpers \(__defProp\)/);
  });

  it('an esbuild-style __commonJS helper', () => {
    expect(gateError('var __commonJS = function (cb) { return cb; };\nfunction main() {}').message).toContain('__commonJS');
  });
});

describe('gate helpers', () => {
  it('undeclaredGlobals lists each free name once, in order of use', () => {
    const program = parseEs2020('var a = b + c; function f(d) { return d + b + e; }', SUBJECT);
    expect(undeclaredGlobals(program)).toEqual(['b', 'c', 'e']);
  });
});

describe('one parse per text', () => {
  it('checkEs2020 parses a text the gate has not seen, and not a text it has passed', () => {
    const code = 'var parsedOnce = 1 + 1;';
    const before = parseCount();
    checkEs2020(code, SUBJECT);
    checkScript(code, SUBJECT, ALLOWED);
    checkEs2020(code, SUBJECT);
    expect(parseCount() - before).toBe(1);
    expect(() => checkEs2020('let x; x ??= 1;', SUBJECT)).toThrow(GateError);
  });

  it('emitScript escapes on the gate\'s parse, and the escaped text is known as the same program', () => {
    const code = 'var withControl = "a\u0001b";';
    const before = parseCount();
    const emitted = emitScript(code, SUBJECT, ALLOWED);
    expect(emitted.code).toBe('var withControl = "a\\u0001b";');
    checkEs2020(emitted.code, SUBJECT);
    expect(parseCount() - before).toBe(1);
  });

  it('emitScript refuses what the gate refuses, and a character no escape can carry, as GateErrors', () => {
    expect(() => emitScript('console.log(1);', SUBJECT, ALLOWED)).toThrow(GateError);
    expect(() => emitScript('var a = 1; // a\u0001b', SUBJECT, ALLOWED)).toThrow(/U\+0001 in a comment cannot go into the add-on's XML/);
  });

  it('sameProgram vouches only for a text standing for one that passed', () => {
    expect(() => sameProgram('var b = 2;', 'var never = parsed;')).toThrow(/has not passed the gate/);
  });
});
