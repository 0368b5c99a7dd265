/**
 * The run host: the local Questetra host as `qaddon run` puts it inside the script's context.
 * The same host objects as the test host (index.ts) without the `<test>` API, configs and data
 * items from the command line (run-setup.ts), and `httpClient` requests and `engine.log` lines
 * sent through the channel (transport.ts) to the runner, which prints them and sends the
 * requests for real. `__qaddonHost` (RunControl) is for the runner.
 * Bundled by the toolchain into one ES2020 script with no Node dependency.
 */
import { configs } from './configs';
import { DataDefinition } from './data-items';
import { engine } from './engine';
import { feedService } from './feed';
import { installHostObjects } from './host-objects';
import { httpClient, useTransport } from './http';
import { describeFailure, faultLocationOf, describeLoadError, snapshotData, toJson } from './report';
import type { CallResult, HostEvent, RunControl, RunSetup, WireAnswer } from './run-protocol';
import { applyRunSetup } from './run-setup';
import { state } from './state';
import { deferScript, deferredScriptOf } from './test-api';
import { createChannel } from './transport';

const global = globalThis as unknown as Record<string, unknown>;

// Taken while only the host has run: the add-on may replace these later.
const apply = Reflect.apply;
const parse = JSON.parse;
const toText = String;

/** What the `<test>` API adds to the platform's objects: not there when a step runs. */
const TEST_API: [object, string[]][] = [
  [configs, ['put', 'putObject']],
  [engine, ['createDataDefinition', 'createQfile', 'createByteArray', 'createItem', 'createQuser', 'setTimeZoneOffsetInMinutes']],
  [
    httpClient,
    [
      'setRequestHandler',
      'createHttpResponse',
      'createAuthSettingToken',
      'createAuthSettingBasic',
      'createAuthSettingOAuth2',
      'createAuthSettingOAuth2ClientCredentials',
      'createAuthSettingOAuth2JwtBearer',
    ],
  ],
  [feedService, ['setPostHandler']],
  [DataDefinition.prototype, ['addSubDataDefinition', 'addDecimalSubDataDefinition', 'addSelectSubDataDefinition']],
];

const channel = createChannel();
let bufferTaken = false;
let setUpDone = false;
let heldValue: unknown;

function tell(event: HostEvent): string {
  return channel.exchange(toJson(event));
}

/** `engine.log` records the line, as in tests, and tells the runner at once. */
function streamLogs(): void {
  const record = engine.log;
  engine.log = function log(message: string): void {
    apply(record, engine, [message]);
    tell({ kind: 'log', text: state.logs[state.logs.length - 1] as string });
  };
}

/** What an entry point returned, as text: `false` means "call proceed() later". */
function returnedText(value: unknown): string {
  if (value === undefined || value === null || typeof value === 'boolean') return toText(value);
  return `a ${typeof value}`;
}

const control: RunControl = {
  deferScript,
  setUp(setupJson: string): string {
    if (setUpDone) return 'the run is set up already';
    setUpDone = true;
    const problem = applyRunSetup(parse(setupJson) as RunSetup);
    if (problem !== '') return problem;
    for (const [target, names] of TEST_API) for (const name of names) delete (target as Record<string, unknown>)[name];
    useTransport((request) => parse(tell({ kind: 'http', request })) as WireAnswer);
    streamLogs();
    return '';
  },
  transportBuffer(): SharedArrayBuffer | null {
    if (bufferTaken) return null;
    bufferTaken = true;
    return channel.buffer;
  },
  call(entry: string): string {
    let result: CallResult;
    const deferred = entry === 'main' ? deferredScriptOf() : null;
    const fn = deferred ?? global[entry];
    if (!setUpDone || (entry !== 'main' && entry !== 'proceed')) {
      result = { error: `the runner cannot call ${toText(entry)} now`, where: null };
    } else if (typeof fn !== 'function') {
      result = { error: `the script defines no ${entry}() function`, where: null };
    } else {
      // Each execution may send httpClient.getRequestingLimit() requests.
      state.requests = [];
      try {
        result = { returned: returnedText((fn as () => unknown)()) };
      } catch (thrown) {
        result = { error: describeFailure(thrown), where: faultLocationOf(thrown) };
      }
    }
    return toJson(result);
  },
  dataItems(): string {
    return toJson(snapshotData());
  },
  describeLoadError,
  hold(thrown: unknown): void {
    heldValue = thrown;
  },
  held(): unknown {
    return heldValue;
  },
};

installHostObjects(global);
Object.defineProperty(globalThis, '__qaddonHost', {
  value: Object.freeze(control),
  writable: false,
  enumerable: false,
  configurable: false,
});
