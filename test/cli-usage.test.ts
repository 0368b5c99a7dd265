/**
 * The command line explains itself (issue 14, finding 2), each case as the issue found it:
 * help and version on stdout with exit 0; an unknown command or option named on stderr with
 * exit 2 and a pointer to --help; every file that cannot be read is one `<file>: <problem>` line
 * and the other files are still checked; `build <name>` builds that step only; test-graaljs takes
 * the file names test takes.
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findGraalToolchain } from '../src/host/graaljs.js';
import { tempFolder, validXml } from './support/addons.js';
import { compileCli, packageCopyWithCli, type Cli } from './support/cli.js';
import { testGraalJsCli } from './support/tiers.js';

const ROOT = join(import.meta.dirname, '..');
const CANCEL = 'addons/openai-ftjob-cancel.xml';
const COMMANDS = ['build', 'new', 'lint', 'test', 'test-graaljs', 'run', 'demo', 'serve', 'help'];
const VERSION = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const asRoot = process.getuid?.() === 0;
/**
 * Each test here starts the CLI (a Node process) once or more: 5 s, vitest's default, was hit
 * by a lint of addons/ under a load average of 13 on 2 cores.
 */
const CLI_TIMEOUT = { timeout: 60_000 };

let cli: Cli;
let folder: { path: string; remove: () => Promise<void> };
/** Files that cannot be read as add-ons, each with the line qaddon prints for it (after `<file>: `). */
let bad: { missing: string; emptyFolder: string; notXml: string; fifo: string; locked: string };

beforeAll(async () => {
  cli = await compileCli();
  folder = await tempFolder('cli-usage');
  bad = {
    missing: join(folder.path, 'missing.xml'),
    emptyFolder: join(folder.path, 'no-addons-here'),
    notXml: join(folder.path, 'notes.xml'),
    fifo: join(folder.path, 'pipe.xml'),
    locked: join(folder.path, 'locked.xml'),
  };
  await mkdir(bad.emptyFolder);
  await writeFile(bad.notXml, 'Just some notes, not XML.\n');
  execFileSync('mkfifo', [bad.fifo]);
  await writeFile(bad.locked, await readFile(join(ROOT, CANCEL)));
  await chmod(bad.locked, 0o000);
}, 60_000);

afterAll(async () => {
  await cli.remove();
  await folder.remove();
});

describe('help', CLI_TIMEOUT, () => {
  it.each([['--help'], ['-h'], ['help']])('qaddon %s: every command with its summary, on stdout, exit 0', async (flag) => {
    const run = await cli.run([flag]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.lines[0]).toBe(`qaddon ${VERSION}: builds, checks and runs Questetra BPM Suite add-ons`);
    for (const name of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${name} +\\S.*$`, 'm'));
    expect(run.stdout).toMatch(/^Examples:$/m);
    expect(run.stdout).toContain("'qaddon <command> --help'");
  });

  it.each(COMMANDS.filter((name) => name !== 'help'))('qaddon %s --help, -h, and qaddon help <it>: its usage, arguments and examples, exit 0', async (name) => {
    const viaFlag = await cli.run([name, '--help']);
    const viaHelp = await cli.run(['help', name]);
    const viaShort = await cli.run([name, '-h']);
    expect(viaFlag.status).toBe(0);
    expect(viaFlag.stderr).toBe('');
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaShort.stdout).toBe(viaFlag.stdout);
    expect(viaFlag.stdout).toMatch(new RegExp(`^Usage: qaddon ${name}\\b`, 'm'));
    expect(viaFlag.stdout).toMatch(new RegExp(`^Examples:\\n(  .*\\n)*  .*\\bqaddon ${name}\\b`, 'm'));
  });

  it('explains --auto in the help of test-graaljs', async () => {
    const run = await cli.run(['test-graaljs', '--help']);
    expect(run.stdout).toMatch(/--auto +where no JDK >= 22 or no Maven is found, print why and exit 0/);
    expect(run.stdout).toContain('REQUIRE_GRAALJS=1');
  });

  it('explains every option of run, with its default', async () => {
    const run = await cli.run(['run', '--help']);
    const options = ['--config NAME=VALUE', '--item NAME[:TYPE][=VALUE]', '--file NAME=PATH', '--token-env [NAME=]VAR', '--server URL', '--interval S', '--max-calls N', '--time-limit=S'];
    for (const option of options) expect(run.stdout).toMatch(new RegExp(`^  ${option.replace(/[[\]]/g, '\\$&')} +\\S`, 'm'));
    const explained = (option: string): string => {
      const lines = run.lines.slice(run.lines.findIndex((line) => line.startsWith(`  ${option} `)));
      const end = lines.findIndex((line, index) => index > 0 && !/^ {30}\S/.test(line));
      return lines.slice(0, end).join(' ').replace(/ +/g, ' ');
    };
    expect(explained('--interval S')).toContain('(default 10)');
    expect(explained('--time-limit=S')).toContain('(default 120)');
    expect(explained('--max-calls N')).toContain('(default: until the step ends)');
    expect(explained('--item NAME[:TYPE][=VALUE]')).toContain('(default: empty)');
    expect(explained('--file NAME=PATH')).toContain('at most 64 MiB');
    expect(explained('--server URL')).toContain('default: real HTTP to the URLs the step builds');
    expect(explained('--token-env [NAME=]VAR')).toContain('environment variable VAR');
  });

  it('--help of a command is answered before its arguments are checked', async () => {
    const run = await cli.run(['lint', '--frob', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: qaddon lint/m);
  });
});

describe('version', CLI_TIMEOUT, () => {
  it("qaddon --version: package.json's version on stdout, exit 0", async () => {
    const run = await cli.run(['--version']);
    expect(run).toMatchObject({ status: 0, stdout: `qaddon ${VERSION}\n`, stderr: '' });
  });
});

describe('usage errors: named on stderr, exit 2, with a pointer to --help', CLI_TIMEOUT, () => {
  it('no arguments', async () => {
    const run = await cli.run([]);
    expect(run).toMatchObject({ status: 2, stdout: '', stderr: "qaddon: no command given\nRun 'qaddon --help' for the commands.\n" });
  });

  it('an unknown command is named, with the commands there are', async () => {
    const run = await cli.run(['tset', CANCEL]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`qaddon: unknown command 'tset' (the commands: ${COMMANDS.join(', ')})\nRun 'qaddon --help' for the commands.\n`);
  });

  it('an unknown option is named, with a pointer to the help of its command', async () => {
    const run = await cli.run(['test', '--verbose', CANCEL]);
    expect(run).toMatchObject({ status: 2, stdout: '', stderr: "qaddon test: unknown option '--verbose'\nRun 'qaddon test --help' for its arguments and examples.\n" });
    const general = await cli.run(['--verbose']);
    expect(general).toMatchObject({ status: 2, stderr: "qaddon: unknown option '--verbose'\nRun 'qaddon --help' for the commands.\n" });
  });

  it('a flag given a value, an option without one, an option given twice', async () => {
    expect((await cli.run(['test-graaljs', '--auto=yes', CANCEL])).stderr).toMatch(/^qaddon test-graaljs: --auto takes no value\n/);
    expect((await cli.run(['test', CANCEL, '--time-limit'])).stderr).toMatch(/^qaddon test: --time-limit needs a value\n/);
    expect((await cli.run(['test', '--time-limit=1', '--time-limit=2', CANCEL])).stderr).toMatch(/^qaddon test: --time-limit is given twice\n/);
  });

  it('a missing file: named as every command names a missing argument (run too)', async () => {
    const test = await cli.run(['test']);
    expect(test).toMatchObject({ status: 2, stdout: '', stderr: "qaddon test: name at least one add-on file or folder\nRun 'qaddon test --help' for its arguments and examples.\n" });
    const run = await cli.run(['run']);
    expect(run).toMatchObject({ status: 2, stdout: '', stderr: "qaddon run: name the add-on file to run\nRun 'qaddon run --help' for its arguments and examples.\n" });
  });

  it('build with a name that is no step: the name, and the steps there are', async () => {
    const run = await cli.run(['build', 'extra-arg']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^qaddon build: no step named 'extra-arg' in src\/steps \(the steps: openai-file-upload, openai-ftjob-cancel, /);
  });
});

describe('files that cannot be read: one `<file>: <problem>` line each, and the other files still run', CLI_TIMEOUT, () => {
  const expectedLines = (): string[] => [
    `${bad.missing}: no such file or folder`,
    `${bad.emptyFolder}: is a folder with no .xml file in it`,
    `${bad.fifo}: is not a regular file (a device, a pipe or a socket)`,
    ...(asRoot ? [] : [`${bad.locked}: cannot be read (permission denied)`]),
  ];
  const badFiles = (): string[] => [bad.missing, bad.emptyFolder, bad.fifo, ...(asRoot ? [] : [bad.locked])];

  it('lint missing.xml ok.xml: the missing file is named, the other is checked, exit 1', async () => {
    const run = await cli.run(['lint', bad.missing, CANCEL]);
    expect(run.lines).toEqual([`${bad.missing}: no such file or folder`, '1 problem(s)']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
  });

  it('lint: a folder, a pipe, a file without permission, a file that is not XML', async () => {
    const run = await cli.run(['lint', ...badFiles(), bad.notXml, CANCEL]);
    expect(run.lines.slice(0, -2)).toEqual(expectedLines());
    expect(run.lines.at(-2)).toMatch(new RegExp(`^${bad.notXml.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: document: is not well-formed XML \\(line 1: `));
    expect(run.lines.at(-1)).toBe(`${badFiles().length + 1} problem(s)`);
    expect(run.status).toBe(1);
  });

  it('lint of a folder checks its .xml files', async () => {
    const run = await cli.run(['lint', 'addons']);
    expect(run.lines.at(-1)).toMatch(/^[4-9] file\(s\) checked, no problems$/);
    expect(run.status).toBe(0);
  });

  it('test: each bad file is one line and one failure; the good file runs; exit 1', async () => {
    const good = join(folder.path, 'good.xml');
    await writeFile(good, validXml({ test: "test('one', function () { configs.put('StrConfA1', 'x'); main(); });\ntest('two', function () {});" }));
    const run = await cli.run(['test', ...badFiles(), bad.notXml, good]);
    expect(run.lines.slice(0, badFiles().length)).toEqual(expectedLines());
    expect(run.lines[badFiles().length]).toMatch(/: document: is not well-formed XML \(line 1: /);
    expect(run.lines.slice(badFiles().length + 1, badFiles().length + 4)).toEqual([`${good} (Node)`, '  ✓ one', '  ✓ two']);
    expect(run.lines.at(-1)).toBe(`2 passed, ${badFiles().length + 1} failed`);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
  });

  it('(as a user other than root) lint and test of a file without read permission: one line, a failure, the other file still runs', async ({ skip }) => {
    skip(asRoot, 'running as root, who reads a file whatever its permissions: the case cannot arise');
    const lint = await cli.run(['lint', bad.locked, CANCEL]);
    expect(lint.lines).toEqual([`${bad.locked}: cannot be read (permission denied)`, '1 problem(s)']);
    expect(lint.status).toBe(1);
    const good = join(folder.path, 'readable.xml');
    await writeFile(good, validXml({ test: "test('one', function () { configs.put('StrConfA1', 'x'); main(); });" }));
    const test = await cli.run(['test', bad.locked, good]);
    expect(test.lines.slice(0, 3)).toEqual([`${bad.locked}: cannot be read (permission denied)`, `${good} (Node)`, '  ✓ one']);
    expect(test.lines.at(-1)).toBe('1 passed, 1 failed');
    expect(test.status).toBe(1);
  });
});

describe.skipIf('missing' in findGraalToolchain())('test-graaljs takes the file names test takes (run by the tier service, on its one JVM)', () => {
  it('a name with spaces, two files with the same base name, and files that cannot be read', { timeout: 300_000 }, async () => {
    const spaced = join(folder.path, 'my copy (1).xml');
    const sameA = join(folder.path, 'a', 'step.xml');
    const sameB = join(folder.path, 'b', 'step.xml');
    await mkdir(join(folder.path, 'a'), { recursive: true });
    await mkdir(join(folder.path, 'b'), { recursive: true });
    for (const [file, name] of [[spaced, 'spaced'], [sameA, 'a'], [sameB, 'b']] as const) {
      await writeFile(file, validXml({ test: `test('${name} runs', function () { configs.put('StrConfA1', '${name}'); main(); });` }));
    }
    const run = await testGraalJsCli([bad.missing, spaced, sameA, sameB]);
    expect(run.lines).toContain(`${bad.missing}: no such file or folder`);
    for (const [file, name] of [[spaced, 'spaced'], [sameA, 'a'], [sameB, 'b']] as const) {
      expect(run.lines).toContain(`${file} (GraalJS)`);
      expect(run.lines[run.lines.indexOf(`${file} (GraalJS)`) + 1]).toBe(`  ✓ ${name} runs`);
      expect(run.lines).toContain(`= ${file}: 1 tests in GraalJS, 1 in Node`);
    }
    expect(run.lines.at(-1)).toBe('3 passed, 1 failed');
    expect(run.status).toBe(1);
  });
});

describe('build of named steps, in a copy of the package', CLI_TIMEOUT, () => {
  let copy: Cli & { root: string };

  beforeAll(async () => {
    copy = await packageCopyWithCli();
  }, 60_000);

  afterAll(async () => {
    await copy.remove();
  });

  it('qaddon build <name> builds that step only', async () => {
    const before = await stat(join(copy.root, 'addons', 'openai-ftjob-create.xml'));
    const run = await copy.run(['build', 'openai-ftjob-cancel']);
    expect(run.lines).toEqual([expect.stringMatching(/^unchanged addons\/openai-ftjob-cancel\.xml \(\d+ bytes\)$/), '1 file(s) checked, no problems']);
    expect(run.status).toBe(0);
    expect((await stat(join(copy.root, 'addons', 'openai-ftjob-create.xml'))).mtimeMs).toBe(before.mtimeMs);
  });
});
