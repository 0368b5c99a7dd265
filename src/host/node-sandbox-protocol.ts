/** What run-node.ts and its sandbox process (node-sandbox-child.ts) exchange. */

/** The child's stdin: one JSON document. */
export interface SandboxInput {
  /** The add-on's name, for file names in stack traces. */
  name: string;
  hostScript: string;
  script: string;
  test: string;
  /** The add-on's load and all its tests must end within this many milliseconds. */
  timeLimitMs: number;
}

/** The child's stdout: one JSON object per line; the last is `done` or `load-error`. */
export type SandboxMessage =
  | { t: 'test'; name: string; passed: boolean; error: string | null; where: string | null; evidence: string }
  | { t: 'done' }
  | { t: 'load-error'; message: string };
