/**
 * Reading the READMEs as the tests need them: the step sections (an `<a id="…">` anchor right
 * above a heading that names the add-on's file), the config rows of their tables, and the
 * anchors and links a reader follows. The READMEs are the add-ons' help pages, so what they say
 * about steps and configs is checked against the step definitions.
 */
import type { AddonDefinition } from '../../src/build/definition.js';

export type Locale = 'en' | 'ja';

/** The section of the configs every step shares, and the row that stands for them in a step's table. */
export const SHARED_SECTION = 'connection-configs';
const SHARED_ROW = /^\| U1[–〜]U5 \|/;

export interface ConfigRow {
  name: string;
  /** The third cell: the config's label as the modeler shows it. */
  label: string;
}

export interface Section {
  anchor: string;
  heading: string;
  rows: ConfigRow[];
  /** Whether its table has the row that stands for U1–U5. */
  sharesConnectionConfigs: boolean;
}

const ANCHOR = /^<a id="([^"]+)"><\/a>$/;
const CONFIG_ROW = /^\| `([A-Za-z][A-Za-z0-9]*)` \| [^|]* \| ([^|]*) \|/;

/** Every section that starts with an explicit anchor, up to the next anchor or heading of level 1–3. */
export function sectionsOf(text: string): Section[] {
  const lines = text.split('\n');
  const sections: Section[] = [];
  let current: Section | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const anchor = ANCHOR.exec(line);
    if (anchor) {
      current = { anchor: anchor[1] ?? '', heading: lines[index + 1] ?? '', rows: [], sharesConnectionConfigs: false };
      sections.push(current);
      index += 1; // the heading belongs to the section
      continue;
    }
    if (/^#{1,3} /.test(line)) {
      current = undefined;
      continue;
    }
    if (!current) continue;
    const row = CONFIG_ROW.exec(line);
    if (row) current.rows.push({ name: row[1] ?? '', label: (row[2] ?? '').trim() });
    if (SHARED_ROW.test(line)) current.sharesConnectionConfigs = true;
  }
  return sections;
}

/** A section that describes a step: its heading names the add-on's file, `(`<name>.xml`)`. */
export function isStepSection(section: Section): boolean {
  return section.heading.includes(`\`${section.anchor}.xml\``);
}

/** What is wrong in one README, measured against the step definitions (an empty list: nothing). */
export function readmeProblems(text: string, file: string, locale: Locale, definitions: AddonDefinition[]): string[] {
  const problems: string[] = [];
  const sections = sectionsOf(text);
  const byAnchor = new Map(sections.map((section) => [section.anchor, section]));
  const shared = byAnchor.get(SHARED_SECTION);
  if (!shared || shared.rows.length === 0) problems.push(`${file}: no section <a id="${SHARED_SECTION}"></a> with a table of the shared configs`);

  const defined = new Set(definitions.map((definition) => definition.name));
  for (const section of sections.filter(isStepSection)) {
    if (!defined.has(section.anchor)) problems.push(`${file}: section "${section.anchor}" describes a step that src/steps/ does not define`);
  }
  for (const definition of definitions) {
    const where = `${file}: ${definition.name}`;
    const section = byAnchor.get(definition.name);
    if (!addonTableNames(text).includes(definition.name)) {
      problems.push(
        `${where}: not in the add-on table at the top of ${file}; add a row ` +
          `| [\`addons/${definition.name}.xml\`](addons/${definition.name}.xml) | [**${definition.label[locale]}**](#${definition.name}) — <what it does> |`,
      );
    }
    if (!section || !isStepSection(section)) {
      problems.push(
        `${where}: no section; add one to ${file} after the other steps' sections (before the next <a id="…"></a> line): ` +
          `<a id="${definition.name}"></a>, right below it a heading that names \`${definition.name}.xml\` ` +
          `(${locale === 'ja' ? `### ${definition.label.ja}（\`${definition.name}.xml\`）` : `### ${definition.label.en} (\`${definition.name}.xml\`)`}), ` +
          `then a table with a row per config (see "Adding a step", step 5)`,
      );
      continue;
    }
    if (!section.heading.includes(definition.label[locale])) {
      problems.push(`${where}: the heading does not give the step's ${locale} label "${definition.label[locale]}"`);
    }
    const rows = new Map(section.rows.map((row) => [row.name, { row, from: 'its table' }]));
    if (section.sharesConnectionConfigs && shared) {
      for (const row of shared.rows) if (!rows.has(row.name)) rows.set(row.name, { row, from: `the ${SHARED_SECTION} table` });
    }
    const declared = new Set(definition.configs.map((config) => config.name));
    const sharedNames = new Set(shared?.rows.map((row) => row.name) ?? []);
    const lacksSharedRow = !section.sharesConnectionConfigs && sharedNames.size > 0 && [...sharedNames].every((name) => declared.has(name) && !rows.has(name));
    if (lacksSharedRow) {
      problems.push(
        `${where}: its table has no row for the shared configs; add ${locale === 'ja' ? '| U1〜U5 | | [上記](#connection-configs) | |' : '| U1–U5 | | [see above](#connection-configs) | |'} as its first row`,
      );
    }
    for (const config of definition.configs) {
      const described = rows.get(config.name);
      if (!described && lacksSharedRow && sharedNames.has(config.name)) continue;
      if (!described) {
        problems.push(
          `${where}: config ${config.name} is not described; add a row to the table of the section <a id="${definition.name}"></a> in ${file}: ` +
            `| \`${config.name}\` | <form> | ${config.label[locale]} | <valid values> |`,
        );
      } else if (described.row.label !== config.label[locale]) {
        problems.push(`${where}: config ${config.name}: ${described.from} gives the label "${described.row.label}"; the definition's ${locale} label is "${config.label[locale]}"`);
      }
    }
    for (const name of rows.keys()) {
      if (!declared.has(name)) problems.push(`${where}: config ${name} is described, but the step does not declare it`);
    }
  }
  return problems;
}

/** The add-ons the table at the top of a README lists: rows that link `addons/<name>.xml`. */
export function addonTableNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    if (/^## /.test(line)) break; // the table sits above the first section
    const row = /^\| \[`addons\/([a-z0-9-]+)\.xml`\]\(addons\/\1\.xml\) \|/.exec(line);
    if (row) names.push(row[1] ?? '');
  }
  return names;
}

/**
 * Time and ratio figures typed by hand: a README's timings must come from
 * build/update-figures.mjs, inside its `<!-- figures:… -->` blocks. Outside those blocks (and
 * outside code, where `(0.0 s)` is output quoted), a figure with decimals (`5.8 s`, `0.1 s`), a
 * range (`7.5–7.8 s`), an estimate (`about 20 s`, `約 20 秒`), a result (`took 7 s`, `7 秒でした`)
 * or a percentage is a measurement, and is reported with its line. Whole seconds on their own
 * (`30 s`, a default or a limit) are what the code sets, and pass.
 */
export function handTypedFigures(text: string): string[] {
  const found: string[] = [];
  const unit = String.raw`(?:s|ms|seconds?|minutes?|秒|ミリ秒|分)(?![A-Za-z])`;
  const number = String.raw`\d[\d,]*(?:\.\d+)?`;
  const patterns = [
    new RegExp(String.raw`${number}\s?[–〜~-]\s?${number}\s?${unit}`),
    new RegExp(String.raw`\d+\.\d+\s?${unit}`),
    new RegExp(String.raw`(?:about|around|roughly|nearly|almost|~|約|およそ)\s?${number}\s?${unit}`, 'i'),
    new RegExp(String.raw`(?:took|takes|taking|lasted)\s+(?:only\s+)?${number}\s?${unit}`, 'i'),
    new RegExp(String.raw`${number}\s?${unit}\s?(?:でした|かかりました|かかります)`),
    /(?<![\w.%])\d+(?:\.\d+)?\s?%(?![\w%])/,
  ];
  // Blocks, fenced code and inline code (which may run over a line break) become empty, their
  // line breaks kept, so that the line numbers stay those of the file.
  const blank = (part: string): string => part.replace(/[^\n]/g, '');
  const prose = text
    .replace(/<!-- figures:(\S+) -->[\s\S]*?<!-- \/figures:\1 -->/g, blank)
    .replace(/^```[\s\S]*?^```/gm, blank)
    .replace(/`[^`]*`/g, blank)
    .replace(/\]\([^)\s]*\)/g, ']');
  prose.split('\n').forEach((line, index) => {
    for (const pattern of patterns) {
      const match = pattern.exec(line);
      if (match) {
        found.push(`line ${index + 1}: "${match[0]}"`);
        break;
      }
    }
  });
  return found;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/^#+\s*/, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a link can reach in a README: the explicit ones and those GitHub gives headings. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    if (inCode) continue;
    const anchor = ANCHOR.exec(line);
    if (anchor) anchors.add(anchor[1] ?? '');
    if (/^#{1,6} /.test(line)) anchors.add(headingSlug(line));
  }
  return anchors;
}

/** Every Markdown link target `(#x)`, `(README.md#x)` or `(README.ja.md#x)` in a README, outside code (an example row is no link). */
export function fragmentLinksOf(text: string): { file: string | undefined; anchor: string }[] {
  const prose = text.replace(/^```[\s\S]*?^```/gm, '').replace(/``[\s\S]*?``|`[^`]*`/g, '');
  return [...prose.matchAll(/\]\(((?:README(?:\.ja)?\.md)?)#([^)\s]+)\)/g)].map((match) => ({
    file: match[1] === '' ? undefined : match[1],
    anchor: decodeURIComponent(match[2] ?? ''),
  }));
}
