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
    if (!section || !isStepSection(section)) {
      problems.push(`${where}: no section; it needs <a id="${definition.name}"></a> above a heading that names \`${definition.name}.xml\``);
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
    for (const config of definition.configs) {
      const described = rows.get(config.name);
      if (!described) {
        problems.push(`${where}: config ${config.name} is not described (no table row)`);
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

/** Every Markdown link target `(#x)`, `(README.md#x)` or `(README.ja.md#x)` in a README. */
export function fragmentLinksOf(text: string): { file: string | undefined; anchor: string }[] {
  return [...text.matchAll(/\]\(((?:README(?:\.ja)?\.md)?)#([^)\s]+)\)/g)].map((match) => ({
    file: match[1] === '' ? undefined : match[1],
    anchor: decodeURIComponent(match[2] ?? ''),
  }));
}
