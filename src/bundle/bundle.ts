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
import { sourceLocator } from './source-map.js';
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
  }).catch((error: Error) => {
    throw new BundleError(`${entry}: esbuild failed: ${error.message}`);
  });
  const output = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (!output) throw new BundleError(`${entry}: esbuild produced no output`);
  let code: string;
  try {
    code = escapeForXml(output.text, entry, (offset) => (map ? sourceLocator(output.text, map.text)(offset) : undefined));
  } catch (error) {
    if (error instanceof XmlUnsafeError) throw new BundleError(error.message);
    throw error;
  }
  return unwrapModule(code, entry);
}

/** Removes the trailing `export { … };` of an ESM bundle; refuses any other module syntax. */
function unwrapModule(code: string, entry: string): BundleResult {
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
