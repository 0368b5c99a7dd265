/**
 * The one place the toolchain asks acorn to parse JavaScript, and a count of how often it did:
 * parsing is most of what `qaddon build` spends outside esbuild, so the build is held to one
 * parse per bundle (test/build.test.ts counts them).
 */
import { parse, type Comment, type Options, type Program } from 'acorn';

/** A parsed program with its comments (the escapes of xml-safe.ts need to know where they are). */
export interface ParsedProgram {
  program: Program;
  comments: Comment[];
}

let parses = 0;

/** Parses `code` with acorn (throwing its SyntaxError), counting the call. */
export function parseProgram(code: string, options: Omit<Options, 'onComment'>): ParsedProgram {
  parses += 1;
  const comments: Comment[] = [];
  const program = parse(code, { ...options, onComment: comments });
  return { program, comments };
}

/** How many times parseProgram has run in this process. */
export function parseCount(): number {
  return parses;
}
