/**
 * `qaddon run`: what the run host (run-index.ts, inside the script's context), the sandbox
 * process around it (node-run-child.ts, its channel worker node-run-worker.ts) and the runner in
 * qaddon's own process (run-addon.ts) exchange. Only text crosses: JSON of the shapes below.
 *
 * This file has no imports: the Node side uses its constants too.
 */

/** The add-on's configs and data items for one run, as the command line gave them. */
export interface RunSetup {
  /** Every config the add-on declares (so that reading an undeclared one fails, and toggles read as booleans). */
  declared: { name: string; formType: string }[];
  /** Text configs (TEXTFIELD, TEXTAREA, SELECT_ITEM, TOGGLE as "true"/"false"). */
  values: { name: string; value: string }[];
  /** A data item for each SELECT config the command line chose one for, numbered from 1 in this order. */
  items: RunItem[];
  /** An HTTP authorization setting (Token Fixed Value) for each OAUTH2 config given a token. */
  auth: { config: string; name: string; token: string }[];
}

export interface RunItem {
  /** The SELECT config that chose the item; the item carries its name. */
  config: string;
  /** A data type the host knows (STRING_TEXTFIELD, DECIMAL, FILE, …). */
  dataType: string;
  /** Its value before the run as text (null: empty); FILE items have `files` instead. */
  value: string | null;
  /** FILE items: each file's name and content (base64). */
  files: { name: string; base64: string }[];
}

/** A request as the script built it, for the runner to send. */
export interface WireRequest {
  method: string;
  url: string;
  /** Header name and value, in the order the script set them (Content-Type of the body not among them). */
  headers: [string, string][];
  body:
    | { kind: 'none' }
    | { kind: 'bytes'; contentType: string; base64: string }
    | { kind: 'multipart'; parts: WirePart[] };
}

export type WirePart = { name: string; text: string } | { name: string; filename: string; contentType: string; base64: string };

/** The answer the runner got, or why there is none. */
export type WireAnswer = { status: number; headers: [string, string][]; base64: string } | { error: string };

/** What the run host tells the runner while a call runs. `http` waits for a WireAnswer. */
export type HostEvent = { kind: 'log'; text: string } | { kind: 'http'; request: WireRequest };

/** How one call of `main()` or `proceed()` ended. */
export type CallResult =
  /** It returned: `false` (the engine calls proceed() later) or anything else (the step has ended), as text. */
  | { returned: string }
  /** It threw: the message, and where in the add-on for a fault of the code (a TypeError, …). */
  | { error: string; where: string | null };

/**
 * The run host's entry points, installed as the frozen global `__qaddonHost` (as the test host's
 * HostControl). The runner calls them in order: setUp, transportBuffer (before any add-on code),
 * then the add-on's script is loaded, then call('main') and call('proceed') as long as wanted.
 */
export interface RunControl {
  /** Holds the script of an add-on without `<addon-version>2` (run by call('main')). */
  deferScript(script: () => unknown): void;
  /** The configs and data items (RunSetup as JSON); '' when all is set, else what is wrong. Once only. */
  setUp(setupJson: string): string;
  /** The channel's shared memory, once (null afterwards): the runner hands it to its channel worker. */
  transportBuffer(): SharedArrayBuffer | null;
  /** Calls `main` or `proceed` as the engine does; a CallResult as JSON. */
  call(entry: string): string;
  /** The data items now (RecordedData[] as JSON). */
  dataItems(): string;
  /** A load error: "Name: message (file.xml <part>:line:column)". */
  describeLoadError(thrown: unknown): string;
  hold(thrown: unknown): void;
  held(): unknown;
}

/**
 * The channel: one SharedArrayBuffer made inside the context. Int32 words at the start (the
 * state, a chunk's length in UTF-16 code units, whether it is the last chunk), then the chunk.
 * A message goes in chunks: its writer stores a chunk, sets the state and waits until the reader
 * has taken it. Nothing but Atomics and typed arrays is used on either side, so the script's
 * realm never holds a function or object of the runner's.
 */
export const CHANNEL = {
  /** Int32 words before the data: state, length, last. */
  headerWords: 4,
  /** UTF-16 code units per chunk (1 MiB of memory). */
  chunkUnits: 1 << 19,
  IDLE: 0,
  /** A chunk of a message from the context is there. */
  TO_RUNNER: 1,
  /** The runner's side took it. */
  TAKEN_BY_RUNNER: 2,
  /** A chunk of the answer is there. */
  TO_HOST: 3,
  /** The host took it. */
  TAKEN_BY_HOST: 4,
} as const;

export function channelBytes(): number {
  return CHANNEL.headerWords * 4 + CHANNEL.chunkUnits * 2;
}
