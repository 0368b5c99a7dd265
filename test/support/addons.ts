/** Add-on models and files for the tests: a small lint-clean model, variants of it, temp folders. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddonConfig, AddonModel } from '../../src/addon/model.js';
import { writeAddonXml } from '../../src/addon/xml-write.js';
import { iconBase64 } from './png.js';

/** A config with every optional part at its default; `changes` override. */
export function config(name: string, changes: Partial<AddonConfig> = {}): AddonConfig {
  return {
    name,
    formType: 'TEXTFIELD',
    label: { en: `${name} label`, ja: `${name} ラベル` },
    required: false,
    elEnabled: false,
    editable: false,
    deprecated: false,
    items: [],
    otherAttributes: {},
    ...changes,
  };
}

/** A small add-on that lint accepts as it is; `changes` override whole fields. */
export function validModel(changes: Partial<AddonModel> = {}): AddonModel {
  return {
    license: '(C) Test (MIT License)',
    lastModified: '2026-01-31',
    engineType: '3',
    addonVersion: '2',
    label: { en: 'Test step', ja: 'テスト工程' },
    summary: { en: 'Does nothing, for tests.', ja: 'テスト用。' },
    helpPageUrl: { en: 'https://example.com/help', ja: 'https://example.com/ja/help' },
    configs: [config('StrConfA1')],
    script: '\nfunction main() {\n  engine.log(configs.get("StrConfA1"));\n}\n',
    icon: iconBase64(32),
    test: "\ntest('runs', function () {\n  configs.put('StrConfA1', 'x');\n  main();\n});\n",
    ...changes,
  };
}

export function validXml(changes: Partial<AddonModel> = {}): string {
  return writeAddonXml(validModel(changes));
}

/** A fresh folder under the OS temp folder, and a function that removes it. */
export async function tempFolder(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `qaddon-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Writes `model` as `<folder>/<name>.xml` and returns the path. */
export async function writeAddonFile(folder: string, name: string, model: AddonModel): Promise<string> {
  const file = join(folder, `${name}.xml`);
  await writeFile(file, writeAddonXml(model));
  return file;
}
