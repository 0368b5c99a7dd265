/**
 * The processes that run add-on code (the Node tier's sandbox processes, GraalJS's JVM) must not
 * outlive qaddon: they run someone else's code, and only qaddon stops them at their limits.
 *
 * - `endsWithThisProcess(child)`: when this process exits, or is ended by SIGINT, SIGTERM or
 *   SIGHUP, the child is killed first. A signal that nothing else here handles then ends this
 *   process as it would have (the same signal, so the same exit status); one that a command
 *   handles itself (`qaddon serve`, `qaddon run`'s Ctrl-C) is left to that command.
 * - `orphanProof(command, args)`: on Linux, where util-linux's `setpriv` can, the command is
 *   started through `setpriv --pdeathsig KILL`, so that the kernel kills it when this process
 *   dies even by SIGKILL, which no handler sees. Elsewhere the command runs as given (the JVM
 *   watches its parent itself; a Node sandbox process ends by its own time limit).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type EndingSignal = (typeof SIGNALS)[number];

const live = new Set<ChildProcess>();
let installed = false;

/** Kills `child` when this process ends (exit, SIGINT, SIGTERM, SIGHUP), unless it has ended first. */
export function endsWithThisProcess(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  live.add(child);
  child.once('exit', () => {
    live.delete(child);
    if (live.size === 0) uninstall();
  });
  install();
}

function killAll(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  live.clear();
}

function onSignal(signal: EndingSignal): void {
  // Registered first (prependListener), so the listeners of a command are all still counted here.
  const handledElsewhere = process.listenerCount(signal) > 1;
  killAll();
  uninstall();
  // Nobody else handles it: end as the signal would have ended this process without us.
  if (!handledElsewhere) process.kill(process.pid, signal);
}

const handlers = new Map<EndingSignal, () => void>(SIGNALS.map((signal) => [signal, () => onSignal(signal)]));

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const [signal, handler] of handlers) process.prependListener(signal, handler);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', killAll);
  for (const [signal, handler] of handlers) process.off(signal, handler);
}

let setpriv: string | null | undefined;

/** `setpriv` when it exists here and knows --pdeathsig (util-linux >= 2.33), checked once. */
function pdeathsigTool(): string | null {
  if (setpriv !== undefined) return setpriv;
  setpriv = null;
  if (process.platform !== 'linux') return setpriv;
  for (const candidate of ['/usr/bin/setpriv', '/bin/setpriv']) {
    if (!existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore', timeout: 10_000 });
    if (probe.status === 0) setpriv = candidate;
    break;
  }
  return setpriv;
}

/** `command args` started so that the kernel kills it when this process dies (Linux with setpriv), or as given. */
export function orphanProof(command: string, args: string[]): [string, string[]] {
  const tool = pdeathsigTool();
  return tool ? [tool, ['--pdeathsig', 'KILL', '--', command, ...args]] : [command, args];
}
