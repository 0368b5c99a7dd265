/**
 * vitest's global setup: the tier service. Every suite runs its add-ons through it (see
 * test/support/tiers.ts) instead of starting tiers of its own, so that in one `vitest run`
 *   - GraalJS starts once: one JVM (a GraalSession) runs every GraalJS run of every suite, one
 *     command after another, and teardown fails the run if it started more (the hostile cases
 *     that end a JVM by design run apart, in test/jvm-ending/, where up to three are expected);
 *   - no add-on file runs twice in the same tier with the same options: results are kept by the
 *     file's path and content (a suite asking again gets the same results);
 *   - the built add-ons (addons/*.xml) start running in both tiers at once, before the suites
 *     that need them ask.
 * It answers on loopback only, under a random path, JSON in and out; the suites get its address
 * by inject('tierService'). Its GraalJS JVM gets a temporary folder of its own as TMPDIR, and this
 * process an environment variable holding a random canary, both made before the JVM starts: the
 * hostile suite checks that no add-on saw the one or left anything in the other.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { testGraalJsCommand } from '../../src/cli/test.js';
import { addonNameOf, findGraalToolchain, GraalSession, readInJdk, shareGraalSession } from '../../src/host/graaljs.js';
import { hostRuntimeScript } from '../../src/host/runtime-bundle.js';
import { tally, testAddonFiles, type AddonResult } from '../../src/host/test-addons.js';
import { ADDONS, allowedJvmStarts, CANARY_VARIABLE, isJvmEndingRun, type RunRequest, type ServiceInfo } from '../support/tier-protocol.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** The tier service's base URL. */
    tierService: string;
  }
}

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Results by tier, limit, path and content: a run asked for again is not run again. */
const results = new Map<string, Promise<AddonResult>>();
let session: GraalSession | undefined;

async function runKey(engine: string, timeLimitMs: number | undefined, file: string): Promise<string> {
  const content = await readFile(file).then(
    (bytes) => createHash('sha256').update(bytes).digest('hex'),
    () => 'unreadable',
  );
  return `${engine}\0${timeLimitMs ?? 'default'}\0${resolve(file)}\0${content}`;
}

/** The results of `files` in one tier: those not run yet go to the tier in one call, in order. */
async function run({ engine, files, timeLimitMs }: RunRequest): Promise<AddonResult[]> {
  const keys = await Promise.all(files.map((file) => runKey(engine, timeLimitMs, file)));
  const toRun: number[] = [];
  keys.forEach((key, index) => {
    if (!results.has(key) && !toRun.some((other) => keys[other] === key)) toRun.push(index);
  });
  if (toRun.length > 0) {
    const toolchain = findGraalToolchain();
    if (engine === 'graaljs' && 'missing' in toolchain) throw new Error(`no GraalJS tier here: ${toolchain.missing}`);
    const tier = engine === 'graaljs' && !('missing' in toolchain) ? { engine, toolchain } : { engine: 'node' as const };
    const batch = testAddonFiles(
      toRun.map((index) => files[index]!),
      tier,
      timeLimitMs === undefined ? {} : { timeLimitMs },
    );
    toRun.forEach((index, position) => {
      results.set(
        keys[index]!,
        batch.then((done) => done[position]!),
      );
    });
  }
  // Each result as if this request had run it: its file as asked for.
  const done = await Promise.all(keys.map((key) => results.get(key)!));
  return done.map((result, index) => ({ ...result, file: files[index]!, name: addonNameOf(files[index]!) }));
}

/** `qaddon test-graaljs <args>` in this process, on the shared JVM: its status and printed lines. */
async function runCli(args: string[]): Promise<{ status: number; lines: string[]; errors: string[] }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const status = await testGraalJsCommand.run(args, { out: (line) => lines.push(line), err: (line) => errors.push(line) });
  return { status, lines, errors };
}

async function handle(request: IncomingMessage, response: ServerResponse, token: string, info: ServiceInfo): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
  const route = request.url?.startsWith(`/${token}/`) ? request.url.slice(token.length + 2) : undefined;
  let answer: unknown;
  switch (route) {
    case 'info':
      answer = { ...info, jvmStarts: session?.jvmStarts ?? 0 };
      break;
    case 'run':
      answer = await run(body as unknown as RunRequest);
      break;
    case 'read': {
      const toolchain = findGraalToolchain();
      if ('missing' in toolchain) throw new Error(`no JDK here: ${toolchain.missing}`);
      answer = await readInJdk(toolchain, (body['files'] as string[]).map((file) => ({ file })));
      break;
    }
    case 'cli':
      answer = await runCli(body['args'] as string[]);
      break;
    default:
      response.writeHead(404).end();
      return;
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const token = randomBytes(16).toString('hex');
  const jvmTemp = await mkdtemp(join(tmpdir(), 'qaddon-jvm-tmp-'));
  const canary = `variable-canary-${randomBytes(12).toString('hex')}`;
  process.env[CANARY_VARIABLE] = canary;
  const toolchain = findGraalToolchain();
  if (!('missing' in toolchain)) {
    session = new GraalSession(toolchain, await hostRuntimeScript(), { env: { TMPDIR: jvmTemp } });
    shareGraalSession(session);
  }
  const info: ServiceInfo = { graalMissing: 'missing' in toolchain ? toolchain.missing : null, canary, jvmTemp, jvmStarts: 0 };

  const server = createServer((request, response) => {
    prefetch();
    handle(request, response, token, info).catch((error: Error) => {
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.stack ?? error.message }));
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the tier service has no port');
  project.provide('tierService', `http://127.0.0.1:${address.port}/${token}`);

  // The built add-ons are asked for by several suites, in both tiers: they start running with the
  // first request, so that a focused run of a suite that asks nothing (say readme.test.ts) costs
  // no tier at all; not in the run of test/jvm-ending/, which needs none of them.
  const built = readdirSync(join(ROOT, ADDONS))
    .filter((name) => name.endsWith('.xml'))
    .sort()
    .map((name) => join(ROOT, ADDONS, name));
  let prefetched: Array<Promise<AddonResult[]>> | undefined;
  const prefetch = (): void => {
    if (prefetched || isJvmEndingRun()) return;
    prefetched = [run({ engine: 'node', files: built }), ...(session ? [run({ engine: 'graaljs', files: built })] : [])];
    prefetched.forEach((done) => done.catch(() => undefined));
  };

  return async () => {
    // What `npm test` used to print from a GraalJS tier of its own: the built add-ons in both tiers.
    for (const [tier, run] of [['Node', prefetched?.[0]], ['GraalJS', prefetched?.[1]]] as const) {
      const done = await run?.catch(() => undefined);
      if (!done) continue;
      const { passed, failed } = tally(done);
      console.log(`${tier} tier, ${ADDONS}/*.xml: ${passed} passed, ${failed} failed (${done.map((result) => `${result.name} ${result.tests.length}`).join(', ')})`);
    }
    if (!session) console.log(`GraalJS tier skipped: ${'missing' in toolchain ? toolchain.missing : ''}`);
    server.close();
    shareGraalSession(undefined);
    const jvmStarts = session?.jvmStarts ?? 0;
    await session?.close();
    await rm(jvmTemp, { recursive: true, force: true });
    delete process.env[CANARY_VARIABLE];
    if (session) {
      const allowed = allowedJvmStarts();
      console.log(`GraalJS: ${jvmStarts} JVM start(s) in this run (at most ${allowed})`);
      if (jvmStarts > allowed) throw new Error(`GraalJS started ${jvmStarts} JVMs in this run; at most ${allowed} ${allowed === 1 ? 'is' : 'are'} expected: a suite starts a tier of its own instead of using test/support/tiers.ts, or an add-on ended the JVM`);
    }
  };
}
