/** What the tier service (test/setup/tier-service.ts) and its suites (tiers.ts) share. */

/** The built add-ons, relative to the package root. */
export const ADDONS = 'addons';

/** The environment variable the service sets to a random canary before any tier starts. */
export const CANARY_VARIABLE = 'QADDON_SANDBOX_CANARY';

/**
 * Set (by vitest.jvm-ending.config.ts) for the run of test/jvm-ending/, the hostile cases that end
 * GraalJS's JVM by design: hang-java-bigdecimal (the runner halts the JVM) and hang-memory (the
 * heap may fill; the JVM exits). Each of them is followed by an add-on that needs a new JVM.
 */
export const JVM_ENDING_RUN_VARIABLE = 'QADDON_JVM_ENDING_RUN';

/** Whether this vitest run is the one of test/jvm-ending/. */
export function isJvmEndingRun(): boolean {
  return process.env[JVM_ENDING_RUN_VARIABLE] === '1';
}

/** The JVMs a vitest run may start: one (npm test); three in the run of test/jvm-ending/. */
export function allowedJvmStarts(): number {
  return isJvmEndingRun() ? 3 : 1;
}

export interface RunRequest {
  engine: 'node' | 'graaljs';
  files: string[];
  timeLimitMs?: number;
}

export interface ServiceInfo {
  /** Why there is no GraalJS tier here (no JDK >= 22 or no Maven), or null. */
  graalMissing: string | null;
  /** The value of CANARY_VARIABLE in the service's environment. */
  canary: string;
  /** The GraalJS JVM's TMPDIR. */
  jvmTemp: string;
  /** JVMs started so far. */
  jvmStarts: number;
}
