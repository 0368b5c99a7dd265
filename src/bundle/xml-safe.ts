/**
 * Makes a bundled script safe to put into an add-on's XML without changing the program.
 *
 * esbuild writes most C0 control characters, U+FFFE and U+FFFF raw into string literals (and
 * turns `\u0001` in a template literal into the raw character), but XML 1.0 cannot carry them,
 * not even in CDATA: the platform's parser would refuse the whole file. Where such a character
 * sits in a string literal, a regular expression or an untagged template literal, the same
 * program can spell it as a JavaScript escape (`\u0001`), and this module does so. Anywhere else
 * (a tagged template's raw text, which String.raw and other tags see as written; a comment; the
 * code itself) it cannot, and the build fails naming the TypeScript file and line. (What an
 * escape does change: the text a regular expression's `source` and a function's `toString()`
 * show. What the program computes with strings and matches with patterns stays the same.)
 *
 * The place of each character is known from the parsed script, not guessed: the build passes
 * the program the gate parsed (one parse per bundle); without one, the script is parsed here.
 */
import type { Node } from 'acorn';
import { badXmlChars, describeChar } from '../addon/xml-chars.js';
import { parseProgram, type ParsedProgram } from './parse.js';
import type { SourceLine } from './source-map.js';

/** A character that cannot be written as XML and cannot be escaped; the message names the source line. */
export class XmlUnsafeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlUnsafeError';
  }
}

/** A stretch of the script where an escape means the same as the raw character. */
interface Escapable {
  start: number;
  end: number;
  /** A regular expression with the `u` flag: there `\uD83D\uDE00` pairs up into one character. */
  unicodeRegex: boolean;
}

interface Places {
  escapable: Escapable[];
  taggedTemplates: { start: number; end: number }[];
  comments: { start: number; end: number }[];
}

/**
 * `code` with every character XML 1.0 cannot carry written as a JavaScript escape, and line
 * ends as LF (what an XML parser makes of CR LF and CR, and the same to JavaScript).
 * `locate` maps an offset in `code` to its TypeScript source line, for the error; `parsed` is
 * `code` parsed already (with ranges and comments), if it has been.
 */
export function escapeForXml(
  code: string,
  entry: string,
  locate: (offset: number) => SourceLine | undefined,
  parsed?: ParsedProgram,
): string {
  const bad = badXmlChars(code);
  if (bad.length === 0) return normalizeLineEnds(code);
  const places = findPlaces(parsed ?? parseProgram(code, { ecmaVersion: 'latest', sourceType: 'module' }));
  let escaped = code;
  // From the end, so that earlier offsets stay valid.
  for (const { index, codePoint } of [...bad].reverse()) {
    const range = places.escapable.find(({ start, end }) => start <= index && index < end);
    const refusal = range ? pairingRefusal(code, index, codePoint, range) : whyNot(places, index);
    if (refusal !== undefined) {
      const at = locate(index);
      const where = at ? `${at.source}:${at.line}` : `${entry} (bundled output, line ${code.slice(0, index).split('\n').length})`;
      throw new XmlUnsafeError(
        `${where}: ${describeChar(codePoint)} in ${refusal} cannot go into the add-on's XML (XML 1.0 does not allow it, ` +
          'not even in CDATA) and cannot be escaped there without changing the program; ' +
          `write it as an escape in a string literal ('\\u${hex4(codePoint)}')`,
      );
    }
    // `\` + the raw character is an escape of it already: replace both, not the character alone.
    const start = escapedByBackslash(code, index, range as Escapable) ? index - 1 : index;
    escaped = `${escaped.slice(0, start)}\\u${hex4(codePoint)}${escaped.slice(index + 1)}`;
  }
  return normalizeLineEnds(escaped);
}

function normalizeLineEnds(code: string): string {
  return code.includes('\r') ? code.replace(/\r\n?/g, '\n') : code;
}

function hex4(codePoint: number): string {
  return codePoint.toString(16).toUpperCase().padStart(4, '0');
}

/** Where string literals, regular expressions, templates and comments sit in the script. */
function findPlaces({ program, comments }: ParsedProgram): Places {
  const places: Places = { escapable: [], taggedTemplates: [], comments };
  const tagged = new Set<Node>();
  visit(program, (node) => {
    const literal = node as Node & { value?: unknown; regex?: { pattern: string; flags: string } };
    if (node.type === 'Literal' && typeof literal.value === 'string') {
      places.escapable.push({ start: node.start + 1, end: node.end - 1, unicodeRegex: false });
    } else if (node.type === 'Literal' && literal.regex) {
      const { pattern, flags } = literal.regex;
      places.escapable.push({ start: node.start + 1, end: node.start + 1 + pattern.length, unicodeRegex: /[uv]/.test(flags) });
    } else if (node.type === 'TaggedTemplateExpression') {
      for (const quasi of (node as Node & { quasi: { quasis: Node[] } }).quasi.quasis) tagged.add(quasi);
    } else if (node.type === 'TemplateElement') {
      // Visited after its TaggedTemplateExpression (parents first).
      if (tagged.has(node)) places.taggedTemplates.push({ start: node.start, end: node.end });
      else places.escapable.push({ start: node.start, end: node.end, unicodeRegex: false });
    }
  });
  return places;
}

/** Calls `fn` on every node of the tree, parents before children. */
function visit(node: Node, fn: (node: Node) => void): void {
  fn(node);
  for (const value of Object.values(node)) {
    for (const inner of Array.isArray(value) ? value : [value]) {
      if (inner !== null && typeof inner === 'object' && typeof (inner as Node).type === 'string') visit(inner as Node, fn);
    }
  }
}

/** What the character sits in, when it cannot be escaped there. */
function whyNot(places: Places, index: number): string {
  const inside = (ranges: { start: number; end: number }[]): boolean => ranges.some(({ start, end }) => start <= index && index < end);
  if (inside(places.taggedTemplates)) return "a tagged template's raw text (String.raw and other tags see it as written)";
  if (inside(places.comments)) return 'a comment';
  return 'the code outside any string';
}

/**
 * In a `u` regular expression a lone surrogate next to an escaped one would pair up with it
 * once escaped (`\uD83D` + `\uDE00` is one character there): that would change the program.
 */
function pairingRefusal(code: string, index: number, codePoint: number, range: Escapable): string | undefined {
  if (!range.unicodeRegex) return undefined;
  const high = codePoint >= 0xd800 && codePoint <= 0xdbff;
  const low = codePoint >= 0xdc00 && codePoint <= 0xdfff;
  if (high && /^\\u[dD][c-fC-F][0-9a-fA-F]{2}/.test(code.slice(index + 1, range.end))) return 'a regular expression, next to an escaped low surrogate';
  if (low && /\\u[dD][89abAB][0-9a-fA-F]{2}$/.test(code.slice(range.start, index))) return 'a regular expression, next to an escaped high surrogate';
  return undefined;
}

/** Whether the character at `index` follows an odd run of backslashes, i.e. is the tail of `\x`-style escape. */
function escapedByBackslash(code: string, index: number, range: Escapable): boolean {
  let backslashes = 0;
  for (let at = index - 1; at >= range.start && code[at] === '\\'; at--) backslashes += 1;
  return backslashes % 2 === 1;
}
