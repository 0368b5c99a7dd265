/**
 * A bundle's last step before the add-on XML: the text the `<script>` or `<test>` element will
 * hold goes through the GraalJS gate (gate.ts) and has the characters XML 1.0 cannot carry
 * escaped (xml-safe.ts), both on one parse of that text.
 *
 * The gate parses the text before the escapes: an escape writes a character of a string literal,
 * a regular expression or an untagged template another way (`\u0001`), which leaves every token
 * and so the program as they were; offsets still match the source map, for errors. The escaped
 * text is then known to the gate as that program (sameProgram), so the build's lint, and the lint
 * of the file written, do not parse it again.
 */
import type { Program } from 'acorn';
import { checkScript, GateError, sameProgram, type GateSubject } from './gate.js';
import { escapeForXml, XmlUnsafeError } from './xml-safe.js';

export interface EmittedScript {
  /** The text for the XML element: checked, and escaped where XML 1.0 needs it. */
  code: string;
  /** The program the gate parsed (of the text before escapes: the same tokens, other offsets). */
  program: Program;
  /** The names the script declares at its top level. */
  topLevelNames: string[];
}

/**
 * `code` (the element's whole text) checked and made XML-safe. Throws a GateError when GraalJS
 * would refuse it, or a character XML 1.0 cannot carry sits where no escape can go; both name
 * the TypeScript file and line where `subject.locate` knows it.
 */
export function emitScript(code: string, subject: GateSubject, allowedGlobals: Iterable<string>): EmittedScript {
  const checked = checkScript(code, subject, allowedGlobals);
  let escaped: string;
  try {
    const locate = subject.locate ?? ((): undefined => undefined);
    escaped = escapeForXml(code, `${subject.addon} ${subject.part}`, locate, checked);
  } catch (error) {
    if (error instanceof XmlUnsafeError) throw new GateError(error.message);
    throw error;
  }
  if (escaped !== code) sameProgram(escaped, code);
  return { code: escaped, program: checked.program, topLevelNames: checked.topLevelNames };
}
