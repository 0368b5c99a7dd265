/**
 * GraalJS's JVM does not outlive `qaddon test-graaljs` (issue 11): the driver gives it every
 * command up front, so without care it would go on running the add-ons (someone else's code)
 * after qaddon ended. Ended by SIGTERM, qaddon kills it first and ends with the signal's status;
 * killed by SIGKILL, which no handler sees, the runner notices its parent is gone and halts.
 * Here (npm run test:jvm-ending) because each case starts and ends a JVM of its own.
 * Linux only (processes found in /proc, as children of the qaddon process).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findGraalToolchain } from '../../src/host/graaljs.js';
import { tempFolder, validModel, writeAddonFile } from '../support/addons.js';
import { compileCli, type Cli } from '../support/cli.js';
import { childrenOf, goneWithin, hasThread, startQaddon, waitFor } from '../support/process-lifetime.js';

/** A part of the JVM's command line (graaljs-toolchain.ts's runner arguments). */
const JVM_MARKER = '-Dqaddon.hostClasses=';
const missing = 'missing' in findGraalToolchain();

let cli: Cli;
let folder: { path: string; remove: () => Promise<void> };
let hanging: string[];

beforeAll(async () => {
  if (missing) return;
  cli = await compileCli();
  folder = await tempFolder('jvm-lifetime');
  const model = validModel({ test: "test('hangs', function () { for (;;) {} });\n", configs: [] });
  hanging = await Promise.all(['hang-a', 'hang-b', 'hang-c'].map((name) => writeAddonFile(folder.path, name, model)));
}, 120_000);

afterAll(async () => {
  await cli?.remove();
  await folder?.remove();
});

/**
 * `qaddon test-graaljs` on three hanging add-ons (60 s each), once its JVM runs the runner's
 * watchdog thread (it has read the host script and the commands); the JVM's pid.
 */
async function qaddonWithJvm(): Promise<{ qaddon: ReturnType<typeof startQaddon>; jvm: number }> {
  const qaddon = startQaddon(cli.file, ['test-graaljs', '--time-limit=60', ...hanging]);
  const pid = qaddon.child.pid!;
  // The first run after a change of the runner compiles it first (javac, also a child of qaddon).
  const jvm = await waitFor('the JVM', 180_000, () => childrenOf(pid, JVM_MARKER)[0]);
  await waitFor("the JVM's watchdog thread", 120_000, () => hasThread(jvm, 'qaddon-watchdog'));
  return { qaddon, jvm };
}

describe.skipIf(missing || process.platform !== 'linux')('qaddon test-graaljs ended while its JVM runs hanging add-ons', () => {
  it('SIGTERM: qaddon kills the JVM, then ends by the signal', async () => {
    const { qaddon, jvm } = await qaddonWithJvm();
    qaddon.child.kill('SIGTERM');
    expect(await qaddon.ended).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await goneWithin([jvm], 5_000)).toBeLessThan(5_000);
  }, 300_000);

  it('SIGKILL: the JVM halts itself once its parent is gone', async () => {
    const { qaddon, jvm } = await qaddonWithJvm();
    qaddon.child.kill('SIGKILL');
    expect((await qaddon.ended).signal).toBe('SIGKILL');
    expect(await goneWithin([jvm], 5_000)).toBeLessThan(5_000);
  }, 300_000);
});
