/**
 * Ending `qaddon` while it runs a hanging add-on, and watching what becomes of the process that
 * runs the add-on (a Node sandbox process or GraalJS's JVM). Linux only: processes are found in
 * /proc, as children of the qaddon process, so no other run on the machine is mistaken for ours.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The parent pid, state and CPU time of `pid`, or undefined when there is no such process. */
function statOf(pid: number): { ppid: number; state: string; cpuSeconds: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // "<pid> (<comm>) <state> <ppid> …": comm may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime (fields 14 and 15 of the file) in clock ticks, which Linux counts at 100 Hz.
  return { ppid: Number(fields[1]), state: fields[0] ?? '?', cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 };
}

/** Whether `pid` runs (a zombie, ended and not yet reaped, does not). */
export function running(pid: number): boolean {
  const stat = statOf(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** The CPU time `pid` has used, in seconds (0 when it is gone). */
export function cpuSeconds(pid: number): number {
  return statOf(pid)?.cpuSeconds ?? 0;
}

/** The running children of `parent` whose command line contains `marker`. */
export function childrenOf(parent: number, marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || statOf(pid)?.ppid !== parent || !running(pid)) continue;
    let command = '';
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    } catch {
      continue;
    }
    if (command.includes(marker)) found.push(pid);
  }
  return found;
}

/** Whether process `pid` has a thread named `name` (Linux keeps 15 characters of it). */
export function hasThread(pid: number, name: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).some((task) => {
      try {
        return readFileSync(`/proc/${pid}/task/${task}/comm`, 'latin1').trim() === name.slice(0, 15);
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** Polls `check` every 100 ms until it gives a value, or throws after `ms`. */
export async function waitFor<T>(what: string, ms: number, check: () => T | undefined | false): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what} after ${ms / 1000} s`);
    await sleep(100);
  }
}

export interface QaddonProcess {
  child: ChildProcess;
  /** Resolves with how it ended. */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/** Starts `node <cli> <args>` with its output piped (and read, so it never blocks on a full pipe). */
export function startQaddon(cli: string, args: string[]): QaddonProcess {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return { child, ended, stderr: () => stderr };
}

/**
 * Milliseconds until none of `pids` runs any more (after qaddon ended); throws after `ms`.
 * A killed child of a dead qaddon is reaped by init, so it may show as a zombie a moment first.
 */
export async function goneWithin(pids: number[], ms: number): Promise<number> {
  const started = performance.now();
  await waitFor(`processes ${pids.join(', ')} to end`, ms, () => pids.every((pid) => !running(pid)));
  return Math.round(performance.now() - started);
}

/** Whether `setpriv --pdeathsig` is here (util-linux), which the Node tier needs to survive a SIGKILL of qaddon. */
export function hasSetpriv(): boolean {
  return ['/usr/bin/setpriv', '/bin/setpriv'].some((path) => existsSync(path));
}
