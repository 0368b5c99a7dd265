/**
 * esbuild's part of the build: one TypeScript entry (a step's main.ts or test.ts, with what it
 * imports from src/lib) becomes one plain script whose functions sit at top level, as the
 * Questetra engine expects (it calls `main()` itself in addon-version 2).
 *
 * esbuild leaves the syntax as written (target esnext): lowering `x ??= 1` into ES2020 would
 * hide it, and the gate is there to refuse it. Class fields are not emitted as such
 * (useDefineForClassFields false), so no helper is needed for them either.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { parse, type Node } from 'acorn';
import { sourceLocator, type SourceLine } from './source-map.js';
import { escapeForXml, XmlUnsafeError } from './xml-safe.js';

export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

export interface BundleResult {
  /** The script: no import or export left. */
  code: string;
  /** The names the entry exported, now top-level declarations. */
  exportedNames: string[];
  /** The TypeScript file and line an offset of `code` comes from (esbuild's source map), for errors. */
  locate: (offset: number) => SourceLine | undefined;
}

/**
 * Bundles `entry` (a path relative to `root`, the package root: it also makes the `// src/…`
 * file comments in the output stable).
 */
export async function bundleEntry(entry: string, root: string): Promise<BundleResult> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'esnext',
    charset: 'utf8',
    minify: false,
    treeShaking: true,
    legalComments: 'none',
    logLevel: 'silent',
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, verbatimModuleSyntax: false } },
    // The map (never written: write is false) lets a build error name the TypeScript line.
    // Its sources are relative to the output file's folder, the package root.
    sourcemap: 'external',
    outfile: join(root, 'qaddon-bundle.js'),
  }).catch((error: Error & { errors?: EsbuildMessage[] }) => {
    throw new BundleError(esbuildFailure(entry, error));
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (!output) throw new BundleError(`${entry}: esbuild produced no output`);
  const locate = map ? sourceLocator(output.text, map.text) : () => undefined;
  let code: string;
  try {
    code = escapeForXml(output.text, entry, locate);
  } catch (error) {
    if (error instanceof XmlUnsafeError) throw new BundleError(error.message);
    throw error;
  }
  // Escapes lengthen the code a little where they are: offsets after them are off by as much, which
  // a line number survives. The `export {…}` cut off below comes last: no offset before it moves.
  return { ...unwrapModule(code, entry), locate };
}

/**
 * esbuild ends an ESM bundle with its exports as one `export { a, b };`. Where that is the only
 * module syntax (no `import`, no other `export` at the start of a line), it is cut off as text;
 * anything else is parsed as a module to find what is there (the gate parses the script anyway).
 */
const PLAIN_EXPORTS = /\nexport \{((?:\s*[A-Za-z_$][\w$]*,?)*)\s*\};\s*$/;

/** Removes the trailing `export { … };` of an ESM bundle; refuses any other module syntax. */
function unwrapModule(code: string, entry: string): Omit<BundleResult, 'locate'> {
  const plain = PLAIN_EXPORTS.exec(code);
  const before = plain ? code.slice(0, plain.index) : code;
  if (plain && !/^\s*(import|export)\b/m.test(before)) {
    const exportedNames = (plain[1] ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
    return { code: before.replace(/\s+$/, '') + '\n', exportedNames };
  }
  return unwrapParsedModule(code, entry);
}

/** unwrapModule by parsing: names a renamed export or an import left in the bundle. */
function unwrapParsedModule(code: string, entry: string): Omit<BundleResult, 'locate'> {
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
  const exportedNames: string[] = [];
  let stripped = code;
  // Walk backwards so earlier offsets stay valid while cutting.
  for (const node of [...program.body].reverse()) {
    if (node.type === 'ExportNamedDeclaration' && !node.declaration && !node.source) {
      for (const specifier of node.specifiers) {
        const local = specifier.local as Node & { name: string };
        const exported = specifier.exported as Node & { name: string };
        if (local.name !== exported.name) {
          throw new BundleError(`${entry}: export '${exported.name}' is a renamed binding; export the function under its own name`);
        }
        exportedNames.unshift(local.name);
      }
      stripped = stripped.slice(0, node.start) + stripped.slice(node.end);
    } else if (node.type.startsWith('Export') || node.type === 'ImportDeclaration') {
      throw new BundleError(`${entry}: the bundle still has a ${node.type} (external import or default export?)`);
    }
  }
  return { code: stripped.replace(/\s+$/, '') + '\n', exportedNames };
}

interface EsbuildMessage {
  text: string;
  location: { file: string; line: number } | null;
}

/**
 * esbuild's errors as `<file>:<line>: <text>` lines. An import esbuild cannot resolve is said
 * plainly, since a missing step file (test.ts) or a misspelt import is the usual cause.
 */
function esbuildFailure(entry: string, error: Error & { errors?: EsbuildMessage[] }): string {
  const messages = error.errors ?? [];
  if (messages.length === 0) return `${entry}: esbuild failed: ${error.message}`;
  return messages
    .map(({ text, location }) => {
      const resolve = /^Could not resolve "(.*)"$/.exec(text);
      const said = resolve ? `cannot import "${resolve[1]}": no such file (imports are relative to the importing file, without .ts)` : text;
      return location ? `${location.file}:${location.line}: ${said}` : `${entry}: ${said}`;
    })
    .join('\n');
}
