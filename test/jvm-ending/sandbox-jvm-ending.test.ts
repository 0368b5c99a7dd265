/**
 * The hostile cases that end GraalJS's JVM by design (test/support/hostile.ts, `endsJvm`): one
 * stuck in Java code, which only halting the JVM stops, and one that fills the heap. Each is
 * followed by an ordinary hostile case, which must run in a new JVM and fail like anywhere else.
 *
 * Not part of `npm test` (its one JVM would not survive them): `npm run test:jvm-ending` runs
 * this folder with vitest.jvm-ending.config.ts, and CI runs it after `npm test`.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { AddonResult } from '../../src/host/test-addons.js';
import { tempFolder, validModel, writeAddonFile } from '../support/addons.js';
import { hostileCases, type HostileCase } from '../support/hostile.js';
import { CANARY_VARIABLE, type ServiceInfo } from '../support/tier-protocol.js';
import { inGraalJs, serviceInfo } from '../support/tiers.js';

const CANARY_TEXT = `file-canary-${randomBytes(12).toString('hex')}`;
/** As in test/sandbox.test.ts: a 1 s limit; a halt comes 2 s after it, a kill 4 s later. */
const LIMIT_MS = 1_000;
const SLACK_MS = 7_000;

let info: ServiceInfo;
let folder: { path: string; remove: () => Promise<void> };
let canaryFile: string;
/** In the order run: each JVM-ending case, then an ordinary case that needs the next JVM. */
let order: HostileCase[] = [];
let results = new Map<string, AddonResult>();

beforeAll(async () => {
  info = await serviceInfo();
  if (info.graalMissing !== null) return;
  folder = await tempFolder('sandbox-jvm-ending');
  canaryFile = join(folder.path, 'canary.txt');
  await writeFile(canaryFile, CANARY_TEXT);
  process.env[CANARY_VARIABLE] = info.canary;
  const cases = hostileCases({ file: canaryFile, variable: CANARY_VARIABLE });
  const ending = cases.filter((hostile) => hostile.endsJvm);
  const ordinary = cases.filter((hostile) => hostile.kind === 'escape' && !hostile.endsJvm);
  order = ending.flatMap((hostile, index) => [hostile, ordinary[index]!]);
  const files: string[] = [];
  for (const hostile of order) {
    const model = validModel({ script: hostile.script ?? 'function main() {}\n', test: hostile.test, configs: [] });
    files.push(await writeAddonFile(folder.path, hostile.name, model));
  }
  const done = await inGraalJs(files, { timeLimitMs: LIMIT_MS });
  results = new Map(done.map((result) => [result.name, result]));
}, 300_000);

afterAll(async () => {
  delete process.env[CANARY_VARIABLE];
  await folder?.remove();
});

beforeEach((context) => {
  if (info.graalMissing !== null) context.skip();
});

function result(name: string): AddonResult {
  const found = results.get(name);
  if (!found) throw new Error(`${name} did not run`);
  return found;
}

it('runs the two cases that end the JVM, each followed by an ordinary one', () => {
  expect(order.filter((hostile) => hostile.endsJvm).map((hostile) => hostile.name)).toEqual(['hang-java-bigdecimal', 'hang-memory']);
  expect([...results.keys()]).toEqual(order.map((hostile) => hostile.name));
});

it('stops the computation stuck in Java code at the limit by halting the JVM', () => {
  expect(result('hang-java-bigdecimal').loadError).toMatch(/^did not finish within the time limit of 1(\.0)? s \(.*; the JVM was halted\)$/);
});

it('fails the add-on that fills the heap, at the limit or when the heap is full', () => {
  const memory = result('hang-memory');
  expect(memory.tests.filter((test) => test.passed)).toEqual([]);
  expect(memory.loadError).toMatch(/^(did not finish within the time limit of 1(\.0)? s|ran out of memory \(the JVM's heap is \d+ GB\))/);
});

it('runs the add-on after each of them (in a new JVM where the last one ended), where its attempt fails as in any other', () => {
  for (const hostile of order.filter((c) => !c.endsJvm)) {
    const after = result(hostile.name);
    expect(after.loadError ?? '', hostile.name).not.toMatch(/JVM|Java process|did not finish/);
    expect(after.tests.length, hostile.name).toBeGreaterThan(0);
    expect(after.tests.filter((test) => test.passed), hostile.name).toEqual([]);
  }
});

it('ends every case within its limit plus a few seconds', () => {
  for (const hostile of order) expect(result(hostile.name).durationMs ?? Infinity, hostile.name).toBeLessThan(LIMIT_MS + SLACK_MS);
});

it('started a JVM for the first case and one after the halt (and one after the heap filled, if it did)', async () => {
  const starts = (await serviceInfo()).jvmStarts;
  expect(starts).toBeGreaterThanOrEqual(2);
  expect(starts).toBeLessThanOrEqual(3);
});

it('leaves the canaries as they were, unseen, and nothing in the JVM\'s temporary folder', async () => {
  expect(await readFile(canaryFile, 'utf8')).toBe(CANARY_TEXT);
  expect(process.env[CANARY_VARIABLE]).toBe(info.canary);
  const everything = JSON.stringify([...results.values()]);
  expect(everything).not.toContain(info.canary);
  expect(everything).not.toContain(CANARY_TEXT);
  expect(readdirSync(info.jvmTemp)).toEqual([]);
});
