/**
 * The hostile suite: every known way out of the sandbox, into a hang, or into a forged result
 * (test/support/hostile.ts), as `<test>` blocks of add-on files, run in both tiers like
 * `qaddon test` runs them. Each run must end within its limit (plus the few seconds a stopped
 * process takes), with the attempt failed, and with a canary file and a canary environment
 * variable of this process neither changed nor seen. Hangs run with a short limit.
 * The cases that end GraalJS's JVM by design run there in test/jvm-ending/ instead (npm test
 * keeps to one JVM); the Node tier runs every case here.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxEnv, sandboxNodeFlags } from '../src/host/run-node.js';
import { formatResults, testAddonFiles, type AddonResult } from '../src/host/test-addons.js';
import { tempFolder, validModel, writeAddonFile } from './support/addons.js';
import { hostileCases, type Canary, type HostileCase } from './support/hostile.js';
import { CANARY_VARIABLE, type ServiceInfo } from './support/tier-protocol.js';
import { inGraalJs, serviceInfo } from './support/tiers.js';

const CANARY_TEXT = `file-canary-${randomBytes(12).toString('hex')}`;

/**
 * Each tier runs every case in one call, with a short limit: the hangs end at it, the rest take
 * a small part of it (GraalJS warms its engine up before the first add-on's clock starts).
 * `slack` is what a stop may add: the Node tier kills its sandbox process 3 s after the limit;
 * GraalJS halts a JVM stuck in Java code 2 s after it, and this side kills it 4 s later.
 * The Node tier runs here, with this process's environment holding the canary variable; the
 * GraalJS tier runs in the tier service's JVM (test/support/tiers.ts), whose process holds the
 * canary variable and whose JVM has a temporary folder of its own: both made before it started.
 */
const LIMITS = {
  node: { limit: 1_000, slack: 4_000 },
  graaljs: { limit: 1_000, slack: 7_000 },
};

let info: ServiceInfo;
let graalMissing = true;

let folder: { path: string; remove: () => Promise<void> };
let runsTemp: { path: string; remove: () => Promise<void> };
let canary: Canary;
let cases: HostileCase[];
const runs: Partial<Record<'node' | 'graaljs', TierRun>> = {};

interface TierRun {
  results: Map<string, AddonResult>;
  /** The printed lines of each call (each ends with its closing tally). */
  outputs: string[][];
}

/** Every case of `files` in one call of a tier, as `qaddon test` runs them. */
function tierRun(engine: 'node' | 'graaljs', results: AddonResult[]): TierRun {
  return { results: new Map(results.map((result) => [result.name, result])), outputs: [formatResults(results, engine)] };
}

beforeAll(async () => {
  info = await serviceInfo();
  graalMissing = info.graalMissing !== null;
  folder = await tempFolder('sandbox');
  canary = { file: join(folder.path, 'canary.txt'), variable: CANARY_VARIABLE };
  await writeFile(canary.file, CANARY_TEXT);
  process.env[CANARY_VARIABLE] = info.canary;
  cases = hostileCases(canary);
  const files = new Map<string, string>();
  for (const hostile of cases) {
    const model = validModel({ script: hostile.script ?? 'function main() {}\n', test: hostile.test, configs: [] });
    files.set(hostile.name, await writeAddonFile(folder.path, hostile.name, model));
  }
  const filesIn = (engine: 'node' | 'graaljs'): string[] => casesIn(engine).map((hostile) => files.get(hostile.name)!);
  // The runs get a temporary folder of their own, to see whether they leave anything there.
  runsTemp = await tempFolder('sandbox-tmp');
  const tmpBefore = process.env['TMPDIR'];
  process.env['TMPDIR'] = runsTemp.path;
  try {
    const [node, graaljs] = await Promise.all([
      testAddonFiles(filesIn('node'), { engine: 'node' }, { timeLimitMs: LIMITS.node.limit }),
      graalMissing ? undefined : inGraalJs(filesIn('graaljs'), { timeLimitMs: LIMITS.graaljs.limit }),
    ]);
    runs.node = tierRun('node', node);
    if (graaljs) runs.graaljs = tierRun('graaljs', graaljs);
  } finally {
    if (tmpBefore === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = tmpBefore;
  }
}, 600_000);

/** The cases a tier runs here: all in Node; in GraalJS, all but those that end its JVM. */
function casesIn(engine: 'node' | 'graaljs'): HostileCase[] {
  return engine === 'graaljs' ? cases.filter((hostile) => !hostile.endsJvm) : cases;
}

afterAll(async () => {
  delete process.env[CANARY_VARIABLE];
  await folder.remove();
  await runsTemp.remove();
});

it('leaves the canary file and the canary variable as they were', async () => {
  expect(await readFile(canary.file, 'utf8')).toBe(CANARY_TEXT);
  expect(process.env[CANARY_VARIABLE]).toBe(info.canary);
});

it('leaves nothing in the temporary folders (of the Node runs and of the JVM), though some runs were stopped', () => {
  expect(readdirSync(runsTemp.path)).toEqual([]);
  if (!graalMissing) expect(readdirSync(info.jvmTemp)).toEqual([]);
});

function describeTier(engine: 'node' | 'graaljs'): void {
  const { limit, slack } = LIMITS[engine];
  const run = (): TierRun => runs[engine]!;

  it(engine === 'node' ? 'runs every hostile case' : 'runs every hostile case but the two that end its JVM (test/jvm-ending/ runs those)', () => {
    expect([...run().results.keys()].sort()).toEqual(casesIn(engine).map((c) => c.name).sort());
    expect(cases.length - casesIn(engine).length).toBe(engine === 'node' ? 0 : 2);
  });

  it('lets no case see the canaries: neither is in any result or printed line', () => {
    const everything = JSON.stringify([...run().results.values()]) + run().outputs.flat().join('\n');
    expect(everything).not.toContain(info.canary);
    expect(everything).not.toContain(CANARY_TEXT);
  });

  it('fails every attempt: no hostile test passes', () => {
    const passed = [...run().results.values()].flatMap((result) => result.tests.filter((t) => t.passed).map((t) => `${result.name}: ${t.name}`));
    expect(passed).toEqual([]);
  });

  it('reports each forged test with its real verdict', () => {
    for (const hostile of casesIn(engine).filter((c) => c.kind === 'forgery')) {
      const result = run().results.get(hostile.name)!;
      // Either the block could not load at all, or its one test ran and failed.
      if (result.loadError === null) expect(result.tests.map((t) => [t.passed, t.error !== null]), hostile.name).toEqual([[false, true]]);
    }
  });

  it('ends every case within its limit plus a few seconds', () => {
    for (const hostile of casesIn(engine)) expect(run().results.get(hostile.name)!.durationMs ?? Infinity, hostile.name).toBeLessThan(limit + slack);
  });

  it('reports the true hangs as stopped at the limit', () => {
    for (const hostile of casesIn(engine).filter((c) => c.stopsIn?.includes(engine))) {
      expect(run().results.get(hostile.name)!.loadError, hostile.name).toMatch(/^did not finish within the time limit of \d+(\.\d+)? s \(/);
    }
  });

  it('stops no other case at the limit', () => {
    for (const hostile of casesIn(engine).filter((c) => c.kind !== 'hang')) {
      expect(run().results.get(hostile.name)!.loadError ?? '', hostile.name).not.toMatch(/did not finish/);
    }
  });

  it('prints one line per test: no control character, no tally but the real one', () => {
    for (const lines of run().outputs) {
      for (const line of lines) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
      expect(lines.filter((line) => /^\d+ passed, \d+ failed$/.test(line))).toEqual([lines.at(-1)]);
    }
    const forged = run().outputs.flat().filter((line) => line.includes('forge-printed-lines: 9 passed'));
    expect(forged).toHaveLength(1);
    expect(forged[0]).toMatch(
      /^ {2}✗ fine\\n {2}forge-printed-lines: 9 passed, 0 failed\\n9 passed, 0 failed\\u001b\[2K\\u001b\[1A\\u001b\[8m\\u009b2K\\u202e: expected 2, but got 1 \(at <test>:1:\d+\)$/,
    );
  });
}

describe('the Node tier against hostile add-ons', () => describeTier('node'));

describe('the GraalJS tier against hostile add-ons', () => {
  beforeEach((context) => {
    if (graalMissing) context.skip();
  });
  describeTier('graaljs');

  it('runs every case in the one JVM of this vitest run', async () => {
    expect((await serviceInfo()).jvmStarts).toBe(1);
  });
});

/**
 * The second wall of the Node tier, tested without the first: code running in the sandbox
 * process's own realm (as after an escape from the vm context) reaches no file, variable,
 * process or worker.
 */
describe("the Node tier's sandbox process, as code that escaped the vm context would find it", () => {
  const probe = (canaryFile: string): string => `
const results = {};
const attempt = async (name, fn) => { try { await fn(); results[name] = 'allowed'; } catch (error) { results[name] = error.code || String(error); } };
const fs = await import('node:fs');
await attempt('read the canary file', () => fs.readFileSync(${JSON.stringify(canaryFile)}, 'utf8'));
await attempt('write the canary file', () => fs.writeFileSync(${JSON.stringify(canaryFile)}, 'overwritten'));
await attempt('write a new file', () => fs.writeFileSync(${JSON.stringify(`${canaryFile}.new`)}, 'x'));
await attempt('list a folder', () => fs.readdirSync('/'));
await attempt('start a process', async () => (await import('node:child_process')).execFileSync('id'));
await attempt('start a worker', async () => new (await import('node:worker_threads')).Worker('0', { eval: true }));
await attempt('load a native add-on', () => process.dlopen({ exports: {} }, '/nonexistent.node'));
await attempt('use WASI', async () => new (await import('node:wasi')).WASI({ version: 'preview1' }));
await attempt('open the inspector', async () => new (await import('node:inspector')).Session().connect());
results.variable = process.env[${JSON.stringify(CANARY_VARIABLE)}] ?? 'unset';
results.variables = Object.keys(process.env).sort().join(',');
process.stdout.write(JSON.stringify(results));
`;

  it('denies files, processes, workers, native code, WASI and the inspector, and has no variable of ours', async () => {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [...sandboxNodeFlags(), '-e', probe(canary.file)], { env: sandboxEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', reject);
      child.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const results = JSON.parse(output) as Record<string, string>;
    for (const denied of ['read the canary file', 'write the canary file', 'write a new file', 'list a folder', 'start a process', 'start a worker', 'use WASI', 'open the inspector']) {
      expect(results[denied], denied).toBe('ERR_ACCESS_DENIED');
    }
    expect(results['load a native add-on']).toMatch(/^ERR_(DLOPEN_DISABLED|ACCESS_DENIED)$/);
    expect(results['variable']).toBe('unset');
    expect(results['variables']!.split(',').filter((name) => name && !['TZ', 'LANG', 'LC_ALL'].includes(name))).toEqual([]);
    expect(await readFile(canary.file, 'utf8')).toBe(CANARY_TEXT);
  });
});
