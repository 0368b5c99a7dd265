/**
 * qaddon: the command line of the toolchain. Each command lives in a file of its own, exporting
 * `{ name, summary, usage, examples, run }`, and is one row of COMMANDS, loaded when it is asked
 * for (so that `qaddon lint` loads no esbuild, `qaddon --version` nothing); this file finds the
 * command, answers `--help`, `-h`, `help [<command>]` and `--version` (to stdout, exit 0), and
 * turns a usage error into one line on stderr naming what is wrong, with a pointer to --help
 * (exit 2). Exit status: 0 when all is well, 1 on problems or failed tests, 2 on a usage error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { asksForHelp, UsageError, type Command } from './command.js';

const helpCommand: Command = {
  name: 'help',
  summary: 'this list, or the arguments and examples of one command',
  usage: ['qaddon help [<command>]', '  <command>   the command to explain (the same as qaddon <command> --help)'].join('\n'),
  examples: ['qaddon help', 'qaddon help test-graaljs'],
  run: async (args) => {
    if (args.length > 1) throw new UsageError('takes at most one command name');
    const name = args[0];
    console.log(name === undefined ? await overview() : commandHelp(await commandNamed(name)));
    return 0;
  },
};

/** The commands, in the order `qaddon --help` lists them, each loaded when it is asked for. */
export const COMMANDS: { name: string; load: () => Promise<Command> }[] = [
  { name: 'build', load: async () => (await import('./build.js')).buildCommand },
  { name: 'new', load: async () => (await import('./new.js')).newCommand },
  { name: 'lint', load: async () => (await import('./lint.js')).lintCommand },
  { name: 'test', load: async () => (await import('./test.js')).testCommand },
  { name: 'test-graaljs', load: async () => (await import('./test.js')).testGraalJsCommand },
  { name: 'run', load: async () => (await import('./run.js')).runCommand },
  { name: 'demo', load: async () => (await import('./demo.js')).demoCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'help', load: async () => helpCommand },
];

function version(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

async function overview(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((command) => command.load()));
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    `qaddon ${version()}: builds, checks and runs Questetra BPM Suite add-ons`,
    '',
    'Usage: qaddon <command> [arguments]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    "'qaddon <command> --help' (or 'qaddon help <command>') gives a command's arguments and examples;",
    "'qaddon --version' the version of qaddon.",
    '',
    'Examples:',
    '  qaddon build                     build every step into addons/',
    '  qaddon lint addons/*.xml         check add-on files against the format',
    '  qaddon test addons/              run their <test> blocks in Node',
    '  qaddon test-graaljs addons/      the same in GraalJS',
    '',
    'Exit status: 0 when all is well, 1 on problems or failed tests, 2 on a usage error.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  // A usage may begin with its own "usage: ".
  const usage = command.usage.replace(/^usage: /i, '');
  return [`qaddon ${command.name}: ${command.summary}`, '', `Usage: ${usage}`, '', 'Examples:', ...command.examples.map((example) => `  ${example}`)].join('\n');
}

function commandNamed(name: string): Promise<Command> {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command '${name}' (the commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
  return command.load();
}

/** Runs the command line `argv` (without node and the script); resolves with the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  let command: Command | undefined;
  try {
    if (first === undefined) throw new UsageError('no command given');
    if (first === '--version' || first === '-V') {
      console.log(`qaddon ${version()}`);
      return 0;
    }
    if (first === '--help' || first === '-h') return await helpCommand.run(rest);
    if (first.startsWith('-')) throw new UsageError(`unknown option '${first}'`);
    command = await commandNamed(first);
    if (command !== helpCommand && asksForHelp(rest)) {
      console.log(commandHelp(command));
      return 0;
    }
    return await command.run(rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const pointer = command && command !== helpCommand ? `qaddon ${command.name} --help` : 'qaddon --help';
    console.error(`qaddon${command && command !== helpCommand ? ` ${command.name}` : ''}: ${error.message}`);
    console.error(`Run '${pointer}' for ${command && command !== helpCommand ? 'its arguments and examples' : 'the commands'}.`);
    return 2;
  }
}

/** The exit status of a process that SIGPIPE ended (128 + 13), as shells report `… | head`. */
const CLOSED_PIPE_STATUS = 141;

/**
 * A reader that stopped reading (`qaddon test … | head`) closes the pipe: qaddon has no one left
 * to tell anything, so it ends at once and quietly, as a command killed by SIGPIPE would (Node
 * ignores that signal and reports EPIPE on the stream instead). The exit kills the processes
 * running add-ons (child-processes.ts).
 */
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(CLOSED_PIPE_STATUS);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: Error) => {
    console.error(`qaddon: ${error.message}`);
    process.exitCode = 1;
  },
);
