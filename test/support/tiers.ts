/**
 * The suites' way to run add-ons in a tier: through the tier service of this vitest run
 * (test/setup/tier-service.ts), which runs each file once per tier and options, and every GraalJS
 * run in one JVM. Use these instead of testAddonFiles / runInGraalJs / readInJdk, which would
 * start a tier (a JVM) of their own.
 */
import { inject } from 'vitest';
import type { JdkReading } from '../../src/host/graaljs.js';
import type { AddonResult } from '../../src/host/test-addons.js';
import type { RunRequest, ServiceInfo } from './tier-protocol.js';

async function ask<T>(route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${inject('tierService')}/${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const answer = (await response.json()) as T | { error: string };
  if (!response.ok) throw new Error(`the tier service failed: ${(answer as { error: string }).error}`);
  return answer as T;
}

/** The results of `files` in the Node tier (run once per file content and time limit). */
export function inNode(files: string[], options: { timeLimitMs?: number } = {}): Promise<AddonResult[]> {
  return ask('run', { engine: 'node', files, ...options } satisfies RunRequest);
}

/** The results of `files` in the GraalJS tier, in the run's one JVM. */
export function inGraalJs(files: string[], options: { timeLimitMs?: number } = {}): Promise<AddonResult[]> {
  return ask('run', { engine: 'graaljs', files, ...options } satisfies RunRequest);
}

/** What the JDK's XML parser reads from each file, in the run's one JVM. */
export function readWithJdk(files: string[]): Promise<JdkReading[]> {
  return ask('read', { files });
}

/** `qaddon test-graaljs <args>` run by the service, on the run's one JVM: status and printed lines. */
export function testGraalJsCli(args: string[]): Promise<{ status: number; lines: string[]; errors: string[] }> {
  return ask('cli', { args });
}

/** The service: whether GraalJS runs here, the canary, the JVM's temporary folder, JVMs started. */
export function serviceInfo(): Promise<ServiceInfo> {
  return ask('info');
}
