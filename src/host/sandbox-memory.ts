/**
 * The memory bound of a Node sandbox process, `qaddon test`'s (run-node.ts) and `qaddon run`'s
 * (run-addon.ts) alike: both run code others wrote. The process's JavaScript heap is capped
 * (SANDBOX_HEAP_MB, a flag of its start), but that cap leaves out ArrayBuffers and other memory
 * outside the heap; so on Linux the starting side reads the process's resident size every
 * MEMORY_POLL_MS and kills it above the limit (default DEFAULT_NODE_MEMORY_LIMIT_BYTES). On other
 * systems only the heap is capped, and the time limit bounds the rest.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The sandbox process's JavaScript heap (--max-old-space-size). */
export const SANDBOX_HEAP_MB = 512;
/** All the memory a sandbox process may hold (resident), heap and buffers together, by default. */
export const DEFAULT_NODE_MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024;
/** How often its resident size is read (a fast allocator gains a few hundred MB in between at most). */
const MEMORY_POLL_MS = 100;

/**
 * Reads `child`'s resident size every MEMORY_POLL_MS until it exits, and calls `over` (once)
 * when it holds more than `limitBytes`; `over` is to kill it. Returns the function that ends
 * the watch sooner.
 */
export function watchMemory(child: ChildProcess, limitBytes: number, over: () => void): () => void {
  const timer = setInterval(() => {
    if (child.pid === undefined || (residentBytes(child.pid) ?? 0) <= limitBytes) return;
    clearInterval(timer);
    over();
  }, MEMORY_POLL_MS);
  const end = (): void => clearInterval(timer);
  child.once('exit', end);
  child.once('error', end);
  return end;
}

/** Why a process stopped by watchMemory failed, as both commands print it. */
export function memoryLimitText(limitBytes: number): string {
  return `used more than ${sizeText(limitBytes)} of memory (the sandbox process was stopped; its JavaScript heap is capped at ${SANDBOX_HEAP_MB} MB, and buffers outside it count too)`;
}

/**
 * The resident size of process `pid` in bytes (VmRSS of /proc/<pid>/status), or undefined where
 * there is no such file (not Linux, or the process has just ended).
 */
function residentBytes(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

/** `bytes` as people say it: "1 GiB", "160 MiB". */
function sizeText(bytes: number): string {
  return bytes % (1024 * 1024 * 1024) === 0 ? `${bytes / 1024 / 1024 / 1024} GiB` : `${Math.round(bytes / 1024 / 1024)} MiB`;
}
