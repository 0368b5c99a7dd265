/**
 * The Java classes a script reaches agree in all three places that name them: the GraalJS tier's
 * allow-list (test/graaljs/host-classes.txt), the Node tier's stand-ins (the `java`/`com` trees
 * of src/host/runtime/java-packages.ts) and the platform types (src/platform/questetra.d.ts).
 * A class offered by one tier only would pass a script there and fail it in the other; a class
 * undeclared would fail the type check of a step that uses it as the corpus does.
 * The fixture test/platform/java-classes.fixture.ts (type-checked by `npm run typecheck`) runs
 * here in both tiers, so that the declared members are also what each tier does.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { transformSync } from 'esbuild';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findGraalToolchain } from '../../src/host/graaljs.js';
import { hostRuntimeScript } from '../../src/host/runtime-bundle.js';
import type { AddonResult } from '../../src/host/test-addons.js';
import { tempFolder, validModel, writeAddonFile } from '../support/addons.js';
import { inGraalJs, inNode } from '../support/tiers.js';

const toolchain = findGraalToolchain();
const missing = 'missing' in toolchain ? toolchain.missing : undefined;

/** The classes the tiers no longer offer (they passed in Node and failed in GraalJS). */
const REFUSED = ['java.util.TimeZone', 'java.util.Date', 'java.util.List'];

/** host-classes.txt by section: `[scripts]` (offered to scripts in both tiers) and `[host]` (the host's own). */
function allowList(): { scripts: string[]; host: string[] } {
  const sections: { scripts: string[]; host: string[] } = { scripts: [], host: [] };
  let section: 'scripts' | 'host' | null = null;
  for (const line of readFileSync('test/graaljs/host-classes.txt', 'utf8').split('\n')) {
    const heading = /^#\s*\[(scripts|host)\]/.exec(line);
    if (heading) section = heading[1] as 'scripts' | 'host';
    const name = line.replace(/#.*/, '').trim();
    if (name === '') continue;
    if (section === null) throw new Error(`host-classes.txt: ${name} is in no [scripts] or [host] section`);
    sections[section].push(name);
  }
  return sections;
}

/** The classes of a package tree (a capitalised key is a class), with their static members. */
function classesOf(tree: Record<string, unknown>, prefix: string, out = new Map<string, string[]>()): Map<string, string[]> {
  for (const [key, value] of Object.entries(tree)) {
    const name = `${prefix}.${key}`;
    if (/^[A-Z]/.test(key)) {
      const own = Object.getOwnPropertyNames(value).filter((member) => !(typeof value === 'function' && ['length', 'name', 'prototype'].includes(member)));
      out.set(name, own.sort());
    } else if (value !== null && typeof value === 'object') classesOf(value as Record<string, unknown>, name, out);
  }
  return out;
}

/** The Node tier's `java` and `com` trees: the host runtime evaluated in a context of its own. */
async function nodeTrees(): Promise<{ java: Map<string, string[]>; com: Map<string, string[]> }> {
  const context = createContext({});
  runInContext(await hostRuntimeScript(), context);
  const global = runInContext('this', context) as Record<string, Record<string, unknown>>;
  return { java: classesOf(global['java'] ?? {}, 'java'), com: classesOf(global['com'] ?? {}, 'com') };
}

/** The names src/host/runtime looks up with `javaType('…')`. */
function javaTypeLookups(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync('src/host/runtime').filter((name) => name.endsWith('.ts'))) {
    for (const match of readFileSync(join('src/host/runtime', file), 'utf8').matchAll(/javaType(?:<[^']*>)?\(\s*'([^']+)'/g)) names.add(match[1] as string);
  }
  return [...names].sort();
}

/** What src/platform/questetra.d.ts declares at a dotted path (`java.math.BigDecimal`): its properties, or null when nothing is declared there. */
function declaredAt(): (path: string) => string[] | null {
  const file = 'src/platform/questetra.d.ts';
  const program = ts.createProgram([file], { target: ts.ScriptTarget.ES2020, lib: ['lib.es2020.d.ts'], types: [], noEmit: true, strict: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} not read`);
  const globals = new Map(checker.getSymbolsInScope(source, ts.SymbolFlags.Variable).map((symbol) => [symbol.name, symbol] as const));
  return (path) => {
    const [root, ...rest] = path.split('.');
    const symbol = globals.get(root as string);
    if (!symbol) return null;
    let type = checker.getTypeOfSymbolAtLocation(symbol, source);
    for (const key of rest) {
      const property = type.getProperty(key);
      if (!property) return null;
      type = checker.getTypeOfSymbolAtLocation(property, source);
    }
    return type.getProperties().map((property) => property.name).sort();
  };
}

describe('one list of Java classes', () => {
  const { scripts, host } = allowList();
  let node: { java: Map<string, string[]>; com: Map<string, string[]> };

  beforeAll(async () => {
    node = await nodeTrees();
  }, 120_000);

  test('the Node tier offers exactly the java.* classes GraalJS lets a script reach', () => {
    expect([...node.java.keys()].sort()).toEqual(scripts.filter((name) => name.startsWith('java.')).sort());
    for (const refused of REFUSED) expect(node.java.has(refused)).toBe(false);
  });

  test('the Questetra classes of the allow-list are those of the com tree (the same tree in both tiers)', () => {
    const listed = scripts.filter((name) => !name.startsWith('java.'));
    expect(listed.length).toBeGreaterThan(0);
    for (const name of listed) expect(node.com.has(name), name).toBe(true);
  });

  test('the [host] section is what the host runtime looks up, and every lookup is listed', () => {
    const lookups = javaTypeLookups();
    expect(lookups.filter((name) => !scripts.includes(name)).sort()).toEqual([...host].sort());
    for (const name of lookups) expect([...scripts, ...host], name).toContain(name);
  });

  test('the host runtime looks no class up by name: RunAddonTests.java hands it its classes', () => {
    for (const file of readdirSync('src/host/runtime').filter((name) => name.endsWith('.ts'))) {
      // The code without comments and string literals (where class names are only words).
      const code = readFileSync(join('src/host/runtime', file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
      expect(/\.type\(|\bPackages\.|\bjava\.(util|io|nio|security|time|math|sql|text)\.[A-Z]/.test(code), file).toBe(false);
    }
  });

  test('src/platform/questetra.d.ts declares every class both tiers offer, with the static members the stand-ins have', () => {
    const declared = declaredAt();
    for (const [name, statics] of [...node.java, ...node.com]) {
      expect(declared(name), `${name} is not declared`).not.toBeNull();
      expect(declared(name), `the static members declared for ${name}`).toEqual(statics);
    }
    for (const refused of REFUSED) expect(declared(refused), refused).toBeNull();
  }, 60_000);
});

/** The fixture's uses run as a <test>, and the classes and static members checked by name, in whichever tier runs it. */
function tierTest(nodeClasses: Map<string, string[]>, scriptClasses: string[], hostClasses: string[]): string {
  const fixture = transformSync(readFileSync('test/platform/java-classes.fixture.ts', 'utf8'), { loader: 'ts', target: 'es2020' }).code;
  const members = [...nodeClasses].flatMap(([name, statics]) => statics.map((member) => `${name}.${member}`));
  return `
${fixture}
function reach(path) {
  return path.split('.').reduce(function (value, key) { return value === undefined || value === null ? undefined : value[key]; }, globalThis);
}
/** A class here: a host class under GraalJS (a refused name is a package object there), any value under Node. */
function isClass(value) {
  if (typeof Java !== 'undefined' && Java.isType(value)) return true;
  return value !== undefined && value !== null && (typeof Java === 'undefined' || typeof value === 'function');
}
test('the declared Java classes do what the fixture expects', function () {
  usesDeclaredJavaClasses();
});
test('every class of the allow-list is a class here', function () {
  var absent = ${JSON.stringify(scriptClasses)}.filter(function (name) { return !isClass(reach(name)); });
  expect(absent).toEqual([]);
});
test('every static member of the Node stand-ins exists here', function () {
  var absent = ${JSON.stringify(members)}.filter(function (path) { return reach(path) === undefined; });
  expect(absent).toEqual([]);
});
test('the classes neither tier offers are refused here', function () {
  var offered = ${JSON.stringify(REFUSED)}.filter(function (name) {
    if (typeof Java !== 'undefined') {
      try { Java.type(name); return true; } catch (e) { return isClass(reach(name)); }
    }
    return isClass(reach(name));
  });
  expect(offered).toEqual([]);
});
test('the classes only the host uses are refused here, by every route', function () {
  var reached = [];
  ${JSON.stringify(hostClasses)}.forEach(function (name) {
    if (typeof Java !== 'undefined') {
      try { Java.type(name); reached.push('Java.type ' + name); } catch (e) { /* refused */ }
    }
    if (isClass(reach(name))) reached.push(name);
    if (isClass(reach('Packages.' + name))) reached.push('Packages.' + name);
  });
  expect(reached).toEqual([]);
});
test('a script using a class only the host uses fails with a TypeError here', function () {
  var thrown = null;
  try { java.util.Base64.getEncoder(); } catch (e) { thrown = e; }
  expect(thrown instanceof TypeError).toEqual(true);
});
`;
}

describe('the same classes at work in both tiers', () => {
  let folder: { path: string; remove: () => Promise<void> } | undefined;
  let file: string;

  beforeAll(async () => {
    const { java, com } = await nodeTrees();
    folder = await tempFolder('java-classes');
    const { scripts, host } = allowList();
    file = await writeAddonFile(folder.path, 'java-classes', validModel({ test: tierTest(new Map([...java, ...com]), scripts, host) }));
  }, 120_000);

  afterAll(async () => {
    await folder?.remove();
  });

  function failures(result: AddonResult | undefined): string[] {
    expect(result?.loadError ?? null).toBeNull();
    expect(result?.tests.length).toBe(6);
    return (result?.tests ?? []).filter((outcome) => !outcome.passed).map((outcome) => `${outcome.name}: ${outcome.error}`);
  }

  test('Node tier', async () => {
    const [result] = await inNode([file]);
    expect(failures(result)).toEqual([]);
  }, 120_000);

  test.skipIf(missing !== undefined)(missing ? `GraalJS tier (skipped: ${missing})` : 'GraalJS tier', async () => {
    const [result] = await inGraalJs([file]);
    expect(failures(result)).toEqual([]);
  }, 300_000);
});
