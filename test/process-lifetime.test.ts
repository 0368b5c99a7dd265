/**
 * The processes that run add-on code do not outlive `qaddon test` (issue 11): ended by SIGTERM
 * or SIGINT, qaddon kills its sandbox processes first and ends with the signal's status; killed
 * by SIGKILL, it takes them along (the kernel, through setpriv's parent-death signal). And a
 * reader that stops reading (`qaddon … | head`) ends qaddon quietly, with the closed-pipe status.
 * GraalJS's JVM is tested the same way in test/jvm-ending/ (this run keeps to one JVM).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFolder, validModel, writeAddonFile } from './support/addons.js';
import { compileCli, type Cli } from './support/cli.js';
import { childrenOf, cpuSeconds, goneWithin, hasSetpriv, running, startQaddon, waitFor } from './support/process-lifetime.js';

/** A part of every sandbox process's command line (run-node.ts's flags). */
const SANDBOX_MARKER = '--max-old-space-size=512';

let cli: Cli;
let folder: { path: string; remove: () => Promise<void> };
let hanging: string[];
let chatty: string;

beforeAll(async () => {
  cli = await compileCli();
  folder = await tempFolder('lifetime');
  hanging = await Promise.all(
    ['hang-a'].map((name) => writeAddonFile(folder.path, name, validModel({ test: "test('hangs', function () { for (;;) {} });\n", configs: [] }))),
  );
  // Far more output than a pipe holds (64 KiB): 1,500 failing tests with long names.
  const failing = Array.from({ length: 1_500 }, (_, i) => `test('test ${i} ${'x'.repeat(80)}', function () { fail('no'); });`).join('\n');
  chatty = await writeAddonFile(folder.path, 'chatty', validModel({ test: `${failing}\n`, configs: [] }));
}, 120_000);

afterAll(async () => {
  await cli?.remove();
  await folder?.remove();
});

/**
 * `qaddon test` on a hanging add-on, once both sandbox processes are in the add-on's loop (a
 * process still reading its input would end by itself when qaddon goes); their pids.
 */
async function qaddonWithSandboxes(): Promise<{ qaddon: ReturnType<typeof startQaddon>; sandboxes: number[] }> {
  const qaddon = startQaddon(cli.file, ['test', '--time-limit=120', ...hanging]);
  const pid = qaddon.child.pid!;
  const sandboxes = await waitFor('the sandbox process', 60_000, () => {
    const found = childrenOf(pid, SANDBOX_MARKER);
    return found.length === 1 && found;
  });
  // Starting takes a few tenths of a second of CPU; the rest is the loop.
  await waitFor('the sandbox process to loop', 60_000, () => sandboxes.every((sandbox) => cpuSeconds(sandbox) >= 0.8));
  expect(sandboxes.every(running)).toBe(true);
  return { qaddon, sandboxes };
}

describe.skipIf(process.platform !== 'linux')('qaddon test ended while its sandbox processes hang (Linux: /proc)', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: kills them, then ends by the signal`, async () => {
      const { qaddon, sandboxes } = await qaddonWithSandboxes();
      qaddon.child.kill(signal);
      expect(await qaddon.ended).toEqual({ code: null, signal });
      expect(await goneWithin(sandboxes, 5_000)).toBeLessThan(5_000);
      expect(qaddon.stderr()).toBe('');
    }, 90_000);
  }

  it.skipIf(!hasSetpriv())('SIGKILL: the kernel kills them with it (setpriv --pdeathsig)', async () => {
    const { qaddon, sandboxes } = await qaddonWithSandboxes();
    qaddon.child.kill('SIGKILL');
    expect((await qaddon.ended).signal).toBe('SIGKILL');
    expect(await goneWithin(sandboxes, 5_000)).toBeLessThan(5_000);
  }, 90_000);
});

describe('a reader that closes the pipe (qaddon … | head)', () => {
  it('ends qaddon at once with status 141, as SIGPIPE would, and no stack trace', async () => {
    const qaddon = startQaddon(cli.file, ['test', chatty]);
    // Read the first chunk, as `head -1` does, and close the pipe.
    qaddon.child.stdout!.once('data', () => qaddon.child.stdout!.destroy());
    expect(await qaddon.ended).toEqual({ code: 141, signal: null });
    expect(qaddon.stderr()).toBe('');
  }, 60_000);
});
