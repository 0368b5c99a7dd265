/** What the tier service (test/setup/tier-service.ts) and its suites (tiers.ts) share. */

/** The built add-ons, relative to the package root. */
export const ADDONS = 'addons';

/** The environment variable the service sets to a random canary before any tier starts. */
export const CANARY_VARIABLE = 'QADDON_SANDBOX_CANARY';

/**
 * JVMs the hostile suite ends by design, each replaced by a new one: hang-java-bigdecimal (the
 * runner halts the JVM) and hang-memory (the heap fills; the JVM exits).
 */
export const FORCED_JVM_RESTARTS = 2;

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
