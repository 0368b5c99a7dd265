/**
 * The three scripts a test run evaluates, in order, in one fresh context: the host runtime, the
 * add-on's `<script>`, and its `<test>` block followed by the add-on's config declarations.
 * Both tiers (Node's vm and GraalJS) evaluate exactly these. `qaddon run` evaluates the run
 * host and the `<script>` alone (runScriptOf).
 */
import type { AddonModel } from '../addon/model.js';
import { parseEs2020 } from '../bundle/gate.js';
import type { DeclaredConfig } from './runtime/protocol.js';

export interface AddonSources {
  name: string;
  script: string;
  test: string;
}

/**
 * The sources of `model`, or the reason it cannot run. With `checkEs2020` (the Node tier, whose
 * V8 accepts newer syntax) scripts that GraalJS at ES2020 would refuse are refused here too; the
 * GraalJS tier leaves that to GraalJS, so that its own message is shown.
 */
export function addonSources(name: string, model: AddonModel, checkEs2020: boolean): AddonSources | { name: string; loadError: string } {
  if (model.script === undefined) return { name, loadError: 'the add-on has no <script>' };
  if (model.test === undefined) return { name, loadError: 'the add-on has no <test> block' };
  if (checkEs2020) {
    try {
      parseEs2020(model.script, { addon: name, part: '<script>' });
      parseEs2020(model.test, { addon: name, part: '<test>' });
    } catch (error) {
      return { name, loadError: (error as Error).message };
    }
  }
  const declared: DeclaredConfig[] = model.configs.map((config) => ({ name: config.name, formType: config.formType }));
  // Appended, not prepended, so that line numbers in errors match the XML's <test> block.
  const test = `${model.test}\n;__qaddonHost.declareConfigs(${JSON.stringify(declared)});\n`;
  return { name, script: model.addonVersion === '2' ? model.script : deferredScript(model.script), test };
}

/**
 * The `<script>` of `model` as `qaddon run` runs it (no `<test>` block needed), or the reason it
 * cannot run. Checked against ES2020 as in the Node tier.
 */
export function runScriptOf(name: string, model: AddonModel): { script: string } | { loadError: string } {
  if (model.script === undefined) return { loadError: 'the add-on has no <script>' };
  try {
    parseEs2020(model.script, { addon: name, part: '<script>' });
  } catch (error) {
    return { loadError: (error as Error).message };
  }
  return { script: model.addonVersion === '2' ? model.script : deferredScript(model.script) };
}

/**
 * A script of an add-on without `<addon-version>2` runs from its top level each time the step
 * runs: the host keeps it as a function that `execute()` calls. Wrapped on its first and last
 * line, so that line numbers in errors stay those of the XML's <script>.
 */
function deferredScript(script: string): string {
  return `__qaddonHost.deferScript(function () {${script}\n});\n`;
}
