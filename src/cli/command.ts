/**
 * What every qaddon command is: its name, a one-line summary for `qaddon --help`, its usage (a
 * synopsis line, then a line per argument and option) and examples for `qaddon <command> --help`,
 * and `run`, which resolves with the exit status: 0 when all is well, 1 on problems or failed
 * tests, 2 on a usage error (thrown as a UsageError, which main.ts prints with a pointer to --help).
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  examples: string[];
  /** `io` (stdout and stderr lines by default) lets a caller in the same process take the output. */
  run(args: string[], io?: CommandIo): Promise<number>;
}

/** Where a command prints its lines. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

export const consoleIo: CommandIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/** A command line the command cannot take: the message says what is wrong with it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** How a command's options are given: a flag alone (`--auto`) or with a value (`--port 80`, `--port=80`). */
export type OptionKinds = Record<string, 'flag' | 'value'>;

export interface ParsedArgs {
  /** The options given, by name without `--`: true for a flag, the text for a value. */
  options: Record<string, string | true>;
  /** The other arguments, in order (all of them after `--`). */
  operands: string[];
}

/**
 * Splits `args` into the options of `kinds` and the operands. Throws a UsageError naming an
 * option the command does not know, one given twice, a value missing or given to a flag.
 */
export function parseArgs(args: string[], kinds: OptionKinds): ParsedArgs {
  const parsed: ParsedArgs = { options: {}, operands: [] };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--') {
      parsed.operands.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.operands.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, equals < 0 ? undefined : equals) : '';
    const kind = kinds[name];
    if (kind === undefined) throw new UsageError(`unknown option '${equals < 0 ? arg : arg.slice(0, equals)}'`);
    if (name in parsed.options) throw new UsageError(`--${name} is given twice`);
    if (kind === 'flag') {
      if (equals >= 0) throw new UsageError(`--${name} takes no value`);
      parsed.options[name] = true;
    } else if (equals >= 0) {
      parsed.options[name] = arg.slice(equals + 1);
    } else {
      const value = args[index + 1];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      parsed.options[name] = value;
      index += 1;
    }
  }
  return parsed;
}

/** Whether `args` ask for help (`--help` or `-h` before any `--`). */
export function asksForHelp(args: string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}
