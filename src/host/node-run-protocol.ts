/**
 * `qaddon run`: what run-addon.ts (qaddon's own process) and its sandbox process
 * (node-run-child.ts, with its channel worker node-run-worker.ts) exchange, one JSON object per
 * line on the child's stdin and stdout. The host's own messages (HostEvent, WireAnswer,
 * CallResult, RecordedData[]) travel inside as text.
 */

/** The first line on the child's stdin. */
export interface RunInput {
  /** The add-on's name, for file names in stack traces. */
  name: string;
  /** The run host (src/host/runtime/run-index.ts, bundled). */
  hostScript: string;
  /** The add-on's `<script>` (a script without addon-version 2 wrapped in deferScript). */
  script: string;
  /** RunSetup as JSON. */
  setup: string;
  /** The channel worker (node-run-worker.ts, bundled). */
  workerScript: string;
  /** Milliseconds the loading of the script, and each call, may take. */
  callLimitMs: number;
}

/** Later lines on the child's stdin: to the main thread (call, end) or to the worker (answer). */
export type RunCommand = { t: 'call'; entry: 'main' | 'proceed' } | { t: 'end' } | { t: 'answer'; text: string };

/** Lines on the child's stdout. */
export type RunMessage =
  /** Set up and loaded: the runner may call. */
  | { t: 'ready' }
  /** From the worker: a HostEvent as the host wrote it; `answer` when the runner must answer it. */
  | { t: 'event'; text: string; answer: boolean }
  /** A call ended: CallResult and the data items (RecordedData[]) as JSON. */
  | { t: 'called'; result: string; data: string }
  /** The run cannot go on (the setup was refused, the script did not load, time is up); the last line. */
  | { t: 'failed'; phase: 'setup' | 'load' | 'call'; message: string; data: string | null };
