/**
 * The build of one add-on: definition + bundled step + bundled test + icon → add-on model →
 * XML, checked by lint before it is written. Every failure names the add-on.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import type { AddonConfig, AddonModel } from '../addon/model.js';
import { lintAddonModel } from '../addon/lint.js';
import { describeChar } from '../addon/xml-chars.js';
import { badModelChars, writeAddonXml } from '../addon/xml-write.js';
import { BundleError, bundleEntry, type BundleResult } from '../bundle/bundle.js';
import { emitScript, type EmittedScript } from '../bundle/emit.js';
import { declaresFunction, GateError } from '../bundle/gate.js';
import type { SourceLine } from '../bundle/source-map.js';
import { ECMASCRIPT_GLOBALS, QUESTETRA_HOST_GLOBALS, QUESTETRA_TEST_GLOBALS } from '../bundle/globals.js';
import type { AddonDefinition, ConfigDefinition } from './definition.js';
import { helpPageUrls, projectHomepage } from './help-page.js';

export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

export interface BuiltAddon {
  definition: AddonDefinition;
  model: AddonModel;
  xml: string;
}

/** Loads a step folder's definition.ts (bundled on the fly, so the CLI needs no TS loader). */
export async function loadDefinition(stepFolder: string): Promise<AddonDefinition> {
  const result = await build({
    entryPoints: [join(stepFolder, 'definition.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  }).catch((error: Error & { errors?: { text: string; location: { file: string; line: number } | null }[] }) => {
    const messages = (error.errors ?? []).map(({ text, location }) => (location ? `${location.file}:${location.line}: ${text}` : `${stepFolder}/definition.ts: ${text}`));
    throw new BuildError(messages.length > 0 ? messages.join('\n') : `${stepFolder}/definition.ts: ${error.message}`);
  });
  const code = result.outputFiles[0]?.text ?? '';
  const module = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as {
    definition?: AddonDefinition;
  };
  if (!module.definition) throw new BuildError(`${stepFolder}/definition.ts: exports no 'definition'`);
  return module.definition;
}

/** Builds the add-on of `stepFolder` (relative to `root`, the package root). */
export async function buildAddon(root: string, stepFolder: string): Promise<BuiltAddon> {
  const definition = await loadDefinition(join(root, stepFolder));
  const name = definition.name;
  checkTexts(definition, stepFolder);
  const source = relative(root, join(root, stepFolder));
  const script = scriptElement(
    name,
    '<script>',
    await bundled(join(stepFolder, 'main.ts'), root),
    `\n// Built from ${source}/main.ts by \`npm run build\`: edit the TypeScript, not this script.\n`,
    '',
    [...ECMASCRIPT_GLOBALS, ...QUESTETRA_HOST_GLOBALS],
  );
  for (const entryPoint of definition.entryPoints) {
    if (!script.exportedNames.includes(entryPoint) || !declaresFunction(script.program, entryPoint)) {
      throw new BuildError(`${stepFolder}/main.ts: ${name} <script>: main.ts must export function ${entryPoint}() (definition.entryPoints names it)`);
    }
  }
  // The <test> block shares its global scope with the <script>: wrapped in a function, its own
  // names (constants, helpers) cannot collide with the step's.
  const test = scriptElement(
    name,
    '<test>',
    await bundled(join(stepFolder, 'test.ts'), root),
    `\n// Built from ${source}/test.ts by \`npm run build\`.\n(function () {\n`,
    '})();\n',
    [...ECMASCRIPT_GLOBALS, ...QUESTETRA_HOST_GLOBALS, ...QUESTETRA_TEST_GLOBALS, ...script.topLevelNames],
  );
  const icon = await readFile(join(root, stepFolder, 'icon.png'));
  const model: AddonModel = {
    license: definition.license,
    lastModified: definition.lastModified,
    engineType: '3',
    addonVersion: '2',
    label: definition.label,
    summary: definition.summary,
    helpPageUrl: helpPageUrls(await projectHomepage(root), name),
    configs: definition.configs.map(toAddonConfig),
    script: script.code,
    icon: icon.toString('base64'),
    test: test.code,
  };
  // Code has been escaped where it could be (emitScript); definition text cannot be: a
  // character XML 1.0 cannot carry there is the author's to remove.
  const badChars = badModelChars(model);
  if (badChars.length > 0) {
    throw new BuildError(
      badChars
        .map(({ field, index, codePoint }) => {
          const where = field === 'script' || field === 'test' ? `<${field}>` : `definition.${field}`;
          return `${name}: ${where}: holds ${describeChar(codePoint)} at index ${index}, which XML 1.0 cannot carry (the platform would refuse the file); remove it`;
        })
        .join('\n'),
    );
  }
  // The lint's ES2020 check of <script> and <test> finds their texts among those the gate passed.
  const problems = lintAddonModel(model);
  if (problems.length > 0) {
    throw new BuildError(problems.map((problem) => `${name}: ${problem.element}: ${problem.rule}`).join('\n'));
  }
  return { definition, model, xml: writeAddonXml(model) };
}

/** `entry` bundled; esbuild's refusal as a BuildError (the CLI prints its lines as they are). */
async function bundled(entry: string, root: string): Promise<BundleResult> {
  try {
    return await bundleEntry(entry, root);
  } catch (error) {
    if (error instanceof BundleError) throw new BuildError(error.message);
    throw error;
  }
}

/**
 * The text of the `<script>` or `<test>` element: `prefix` + the bundle + `suffix`, checked by the
 * gate and escaped for XML on one parse (emit.ts), with the exports the bundle had. A refusal
 * is a BuildError naming the TypeScript file and line.
 */
function scriptElement(
  addon: string,
  part: '<script>' | '<test>',
  bundle: BundleResult,
  prefix: string,
  suffix: string,
  allowedGlobals: string[],
): EmittedScript & { exportedNames: string[] } {
  const locate = (offset: number): SourceLine | undefined => bundle.locate(offset - prefix.length);
  try {
    return { ...emitScript(`${prefix}${bundle.code}${suffix}`, { addon, part, locate }, allowedGlobals), exportedNames: bundle.exportedNames };
  } catch (error) {
    if (error instanceof GateError) throw new BuildError(error.message);
    throw error;
  }
}

/**
 * Refuses a label, summary or config label left empty (as `qaddon new` leaves them): every one is
 * what users read in the modeler, in English and Japanese.
 */
function checkTexts(definition: AddonDefinition, stepFolder: string): void {
  const empty: string[] = [];
  const check = (field: string, text: { en: string; ja: string } | undefined, what: string): void => {
    for (const locale of ['en', 'ja'] as const) {
      if ((text?.[locale] ?? '').trim() === '') empty.push(`${stepFolder}/definition.ts: ${field}.${locale} is empty; write ${what} in ${locale === 'en' ? 'English' : 'Japanese'}`);
    }
  };
  check('label', definition.label, "the step's name as the process modeler lists it (at most 64 characters; e.g. 'OpenAI #FtJob: Cancel')");
  check('summary', definition.summary, 'what the step does, in a sentence or two (at most 250 characters)');
  for (const config of definition.configs ?? []) check(`configs[${config.name}].label`, config.label, 'what the config holds, as its property-panel label (at most 64 characters)');
  if (empty.length > 0) throw new BuildError(empty.join('\n'));
}

function toAddonConfig(config: ConfigDefinition): AddonConfig {
  const base: AddonConfig = {
    name: config.name,
    formType: config.formType,
    label: config.label,
    required: config.required ?? false,
    elEnabled: false,
    editable: false,
    deprecated: false,
    items: [],
    otherAttributes: {},
  };
  switch (config.formType) {
    case 'TEXTFIELD':
    case 'TEXTAREA':
      return { ...base, elEnabled: config.elEnabled ?? false };
    case 'SELECT':
      return { ...base, selectDataType: config.selectDataType, editable: config.editable ?? false };
    case 'SELECT_ITEM':
      return { ...base, items: config.items, editable: config.editable ?? false };
    case 'OAUTH2':
      return { ...base, authType: config.authType, oauth2SettingName: config.oauth2SettingName };
    case 'TOGGLE':
      return base;
  }
}
