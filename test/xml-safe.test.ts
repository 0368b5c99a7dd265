/**
 * escapeForXml: a character XML 1.0 cannot carry becomes a JavaScript escape wherever the same
 * program can spell it so, and is refused, with its source line, anywhere else. Each escaped
 * script is run against the original to show the program did not change.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badXmlChars } from '../src/addon/xml-chars.js';
import { sourceLocator } from '../src/bundle/source-map.js';
import { escapeForXml } from '../src/bundle/xml-safe.js';
import { tempFolder } from './support/addons.js';

const nowhere = (): undefined => undefined;

/** `code` escaped; checks it is XML-safe and evaluates to what the original evaluates to. */
function escapedSame(code: string): string {
  const escaped = escapeForXml(code, 'entry.ts', nowhere);
  expect(badXmlChars(escaped)).toEqual([]);
  expect(runInNewContext(escaped)).toEqual(runInNewContext(code));
  return escaped;
}

function refusal(code: string, locate: (offset: number) => { source: string; line: number } | undefined = nowhere): string {
  try {
    escapeForXml(code, 'entry.ts', locate);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('escapeForXml accepted the code');
}

describe('escapeForXml escapes', () => {
  it('nothing when there is nothing to escape (the same text)', () => {
    const code = 'var s = "plain ü 😀 \\u0001";\n';
    expect(escapeForXml(code, 'entry.ts', nowhere)).toBe(code);
  });

  it('a raw U+0001, U+FFFE, U+FFFF in string literals, single or double quoted', () => {
    expect(escapedSame('["a\u0001b", \'\uFFFE\', "\uFFFF"]')).toBe('["a\\u0001b", \'\\uFFFE\', "\\uFFFF"]');
  });

  it('a backslash and the raw character (an escape of it already) as one escape', () => {
    expect(escapedSame('"\\\u0001"')).toBe('"\\u0001"');
  });

  it('after an escaped backslash, only the character', () => {
    expect(escapedSame('"\\\\\u0001"')).toBe('"\\\\\\u0001"');
  });

  it('in a regular expression, in and out of a class, with and without the u flag (what it matches; its .source is the escape)', () => {
    const code = '[/a\u0002b[\u0003]/.test("a\\u0002b\\u0003"), /\uFFFE/u.test("\\uFFFE"), /^\\\u0004$/.test("\\u0004"), /x\u0002/.test("x")]';
    expect(escapedSame(code)).toBe('[/a\\u0002b[\\u0003]/.test("a\\u0002b\\u0003"), /\\uFFFE/u.test("\\uFFFE"), /^\\u0004$/.test("\\u0004"), /x\\u0002/.test("x")]');
  });

  it('in an untagged template literal (its raw text is not seen)', () => {
    expect(escapedSame('var n = 1; `a\u0001${n}\uFFFE`')).toBe('var n = 1; `a\\u0001${n}\\uFFFE`');
  });

  it('a lone surrogate in a string', () => {
    expect(escapedSame('"x\uD800y"')).toBe('"x\\uD800y"');
  });

  it('CR LF and CR as LF (an XML parser would make them so; JavaScript reads them the same)', () => {
    expect(escapedSame('var a = 1;\r\nvar b = `x\ry`;\r\n[a, b]')).toBe('var a = 1;\nvar b = `x\ny`;\n[a, b]');
  });
});

describe('escapeForXml refuses, naming the source line', () => {
  const at = (): { source: string; line: number } => ({ source: 'src/steps/x/test.ts', line: 12 });

  it("a raw U+0001 in a tagged template's raw text", () => {
    expect(refusal('String.raw`a\u0001b`', at)).toMatch(
      /^src\/steps\/x\/test\.ts:12: U\+0001 in a tagged template's raw text \(String\.raw and other tags see it as written\) cannot go into the add-on's XML .*write it as an escape in a string literal \('\\u0001'\)$/,
    );
  });

  it('a U+FFFE in a comment', () => {
    expect(refusal('var a = 1; // \uFFFE\n', at)).toMatch(/^src\/steps\/x\/test\.ts:12: U\+FFFE in a comment cannot go/);
  });

  it('a lone surrogate in a u regular expression next to an escaped one (escaping would pair them)', () => {
    expect(refusal('/\\uD83D\uDE00/u', at)).toMatch(/U\+DE00 \(a lone surrogate\) in a regular expression, next to an escaped high surrogate/);
  });

  it('the bundled line when no source map line is known', () => {
    expect(refusal('var a = 1;\n// \u0007\n')).toMatch(/^entry\.ts \(bundled output, line 2\): U\+0007 in a comment/);
  });
});

describe('sourceLocator', () => {
  let folder: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    folder = await tempFolder('source-map');
  });

  afterAll(async () => {
    await folder.remove();
  });

  it('maps a place in an esbuild bundle to the TypeScript file and line it came from', async () => {
    await writeFile(join(folder.path, 'lib.ts'), 'export function helper(): string {\n  // line 2\n  return "from lib, line 3";\n}\n');
    await writeFile(join(folder.path, 'main.ts'), 'import { helper } from "./lib";\n\nexport const value = `main, line 3 ${helper()}\nline 4 of the template`;\n');
    const result = await build({
      entryPoints: ['main.ts'],
      absWorkingDir: folder.path,
      bundle: true,
      write: false,
      format: 'esm',
      sourcemap: 'external',
      outfile: join(folder.path, 'out.js'),
      logLevel: 'silent',
    });
    const code = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
    const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'))?.text ?? '';
    const locate = sourceLocator(code, map);
    expect(locate(code.indexOf('"from lib, line 3"'))).toEqual({ source: 'lib.ts', line: 3, column: 10 });
    expect(locate(code.indexOf('`main, line 3'))).toEqual({ source: 'main.ts', line: 3, column: 22 });
    // Past a mapping on the same line: that mapping's place (the template literal's start).
    expect(locate(code.indexOf('line 3 ${helper'))).toEqual({ source: 'main.ts', line: 3, column: 22 });
    // Inside a template literal spanning lines: its start's line, moved down (no column).
    expect(locate(code.indexOf('line 4 of the template'))).toEqual({ source: 'main.ts', line: 4 });
  });
});
