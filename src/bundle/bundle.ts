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
import { sourceLocator, type SourceLine } from './source-map.js';

export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

export interface BundleResult {
  /**
   * The script: no import or export left. As esbuild wrote it otherwise: characters XML 1.0
   * cannot carry are escaped on the way into the XML (emit.ts).
   */
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
  const outfile = 'qaddon-bundle.js';
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
    outfile: join(root, outfile),
    // What the output imports and exports, as esbuild knows it: no parse needed to find them.
    metafile: true,
  }).catch((error: Error & { errors?: EsbuildMessage[] }) => {
    throw new BundleError(esbuildFailure(entry, error));
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  const meta = result.metafile.outputs[outfile];
  if (!output || !meta) throw new BundleError(`${entry}: esbuild produced no output`);
  const locate = map ? sourceLocator(output.text, map.text) : () => undefined;
  // The `export {…}` cut off at the end: no offset before it moves, so `locate` stays true.
  return { ...unwrapModule(output.text, entry, meta), locate };
}

/**
 * esbuild ends an ESM bundle with its exports as one `export { a, b };` (a name it had to change
 * as `a2 as a`), and has no other module syntax when nothing is external: the metafile says which
 * names it exports and whether anything is still imported.
 */
const EXPORT_CLAUSE = /\nexport \{([^}]*)\};\s*$/;

/** Removes the trailing `export { … };` of an ESM bundle; refuses any other module syntax. */
function unwrapModule(code: string, entry: string, meta: { exports: string[]; imports: { path: string }[] }): Omit<BundleResult, 'locate'> {
  if (meta.imports.length > 0) {
    throw new BundleError(`${entry}: the bundle still imports ${meta.imports.map(({ path }) => `"${path}"`).join(', ')} (an external import?)`);
  }
  if (meta.exports.length === 0) return { code: code.replace(/\s+$/, '') + '\n', exportedNames: [] };
  const clause = EXPORT_CLAUSE.exec(code);
  const specifiers = (clause?.[1] ?? '').split(',').map((specifier) => specifier.trim()).filter((specifier) => specifier !== '');
  for (const specifier of specifiers) {
    const renamed = /^[\w$]+\s+as\s+([\w$]+)$/.exec(specifier);
    if (renamed?.[1] === 'default') throw new BundleError(`${entry}: has a default export; export the function under its own name`);
    if (renamed) throw new BundleError(`${entry}: export '${renamed[1]}' is a renamed binding; export the function under its own name`);
  }
  if (!clause || [...specifiers].sort().join() !== [...meta.exports].sort().join()) {
    throw new BundleError(`${entry}: esbuild's output does not end in one \`export { … };\` of its exports (${meta.exports.join(', ')})`);
  }
  return { code: code.slice(0, clause.index).replace(/\s+$/, '') + '\n', exportedNames: specifiers };
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
