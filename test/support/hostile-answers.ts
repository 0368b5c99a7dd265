/**
 * Generated runs of a FtJob step against hostile answers, for the property test: random keys
 * (pasted with spaces and line breaks), random providers and chosen data items, and answers
 * that echo the key in every encoding at every position, nest deep, carry odd ids and statuses,
 * huge bodies, messages and Content-Types, 2xx error envelopes, network failures, other jobs
 * (Cancel: another ID; Create: another training or validation file), and Cancel's A2 lookups. The same seed gives the same cases.
 *
 * A case travels into the add-on's <test> block as JSON; long texts travel as segments
 * (`[text, count]` = text repeated count times), so a 1 MB body costs a few bytes.
 */

export type Segment = string | [string, number];

export type Answer = { status: number; contentType: Segment[]; body: Segment[] } | { network: Segment[] };

export interface ItemChoice {
  config: string;
  dataType: 'STRING_TEXTFIELD' | 'STRING_TEXTAREA';
}

export type StepName = 'create' | 'cancel';

export interface HostileCase {
  /** What U1's setting holds (the key, maybe with spaces and line breaks around it). */
  token: string;
  /** The key as the step must send it: `token` trimmed. */
  key: string;
  configs: Record<string, string>;
  /** Cancel's A2 toggle. */
  endedIsFine: boolean;
  items: ItemChoice[];
  /** The answer to each request in turn (the last one repeats). */
  answers: Answer[];
  /** Cancel: the job ID of A1; Create: null. */
  jobId: string | null;
  azure: boolean;
  /** What the case is about, for failure messages and the tally. */
  kind: string;
}

/** The items each step may write, and their kinds. */
export const STEP_ITEMS: Record<StepName, ItemChoice[]> = {
  create: [
    { config: 'SelectConfB1', dataType: 'STRING_TEXTFIELD' },
    { config: 'SelectConfB2', dataType: 'STRING_TEXTFIELD' },
    { config: 'SelectConfB3', dataType: 'STRING_TEXTAREA' },
  ],
  cancel: [
    { config: 'SelectConfB1', dataType: 'STRING_TEXTFIELD' },
    { config: 'SelectConfB2', dataType: 'STRING_TEXTAREA' },
  ],
};

/** The whole text of `segments`. */
export function joinSegments(segments: Segment[]): string {
  return segments.map((segment) => (typeof segment === 'string' ? segment : segment[0].repeat(segment[1]))).join('');
}

/** A small fast seeded generator (mulberry32). */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(0, values.length - 1)] as T;
  }

  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet.charAt(this.int(0, alphabet.length - 1));
    return out;
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
/** Printable ASCII without space, every character a key could hold (quotes, backslash, %, +, / …). */
const PRINTABLE = Array.from({ length: 94 }, (_v, i) => String.fromCharCode(33 + i)).join('');
/** Filler around echoes: characters no generated key consists of alone, so no false alarms. */
const FILLER = ' .:;,~!|';

function randomKey(r: Random): string {
  switch (r.int(0, 4)) {
    case 0:
      return `sk-${r.chars(ALNUM, 48)}`;
    case 1:
      return `sk-proj-${r.chars(`${ALNUM}-_`, r.int(60, 160))}`;
    case 2:
      return r.chars(HEX, 32);
    case 3:
      return r.chars(PRINTABLE, r.int(8, 64));
    default:
      return r.chars(ALNUM, r.int(8, 14));
  }
}

function hex2(code: number, upper: boolean): string {
  const text = (code < 16 ? '0' : '') + code.toString(16);
  return upper ? text.toUpperCase() : text;
}

/**
 * The key as an answer could carry it: `value` is the text a parsed answer holds, `json` what
 * stands between the quotes of a JSON string in the body (the JSON-escaped form differs), and
 * `plain` the text in a body that is not JSON.
 */
interface Echo {
  value: string;
  json: string;
  form: string;
}

function jsonInner(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * Echoes of the key. A key holding `%` or `\` (printable ASCII allows it) is never encoded
 * only in part: `%41` in such a key next to a `%`-encoded character reads either way, so no
 * gate can tell what the key was; the gate promises every encoding applied to the whole key,
 * and any per-character mix only for keys without `%` and `\` (every real API key; `&` too for
 * HTML references).
 */
function echoOf(r: Random, key: string, token: string): Echo {
  const exotic = /[%\\]/.test(key);
  const plain = (form: string, value: string): Echo => ({ value, json: jsonInner(value), form });
  switch (r.int(0, 14)) {
    case 0:
      return plain('raw', key);
    case 1:
      return plain('upper case', key.toUpperCase());
    case 2:
      return plain('lower case', key.toLowerCase());
    case 3:
      return plain('mixed case', key.split('').map((char) => (r.chance(0.5) ? char.toUpperCase() : char.toLowerCase())).join(''));
    case 4: {
      // \u-escaped in the body: the parsed value holds the raw key.
      const escaped = key.split('').map((char) => (r.chance(0.7) ? `\\u00${hex2(char.charCodeAt(0), r.chance(0.5))}` : jsonInner(char))).join('');
      return { value: key, json: escaped, form: 'JSON-escaped in the body' };
    }
    case 5:
      return plain('literal \\u escapes', key.split('').map((char) => `\\u00${hex2(char.charCodeAt(0), r.chance(0.5))}`).join(''));
    case 6: {
      const upper = r.chance(0.5);
      const all = exotic || r.chance(0.5);
      return plain('URL-encoded', key.split('').map((char) => (all || r.chance(0.6) ? `%${hex2(char.charCodeAt(0), upper)}` : char)).join(''));
    }
    case 7:
      // Per character raw, %XX or \uXXXX; for a key with % or \ each form over the whole key (see below).
      if (exotic) return plain('URL-encoded JSON escapes', key.split('').map((char) => `%5Cu00${hex2(char.charCodeAt(0), true)}`).join(''));
      return plain('mixed escapes', key.split('').map((char) => r.pick([char, `%${hex2(char.charCodeAt(0), true)}`, `\\u00${hex2(char.charCodeAt(0), false)}`])).join(''));
    case 8:
    case 9: {
      const before = r.chars(ALNUM, r.int(0, 5));
      const encoded = Buffer.from(`${before}${key}${r.chars(ALNUM, r.int(0, 3))}`, 'latin1').toString(r.chance(0.5) ? 'base64' : 'base64url');
      return plain(`base64 at offset ${before.length % 3}`, encoded);
    }
    case 10:
      return plain('hex', Buffer.from(key, 'latin1').toString('hex')[r.chance(0.5) ? 'toUpperCase' : 'toLowerCase']());
    case 11:
      return plain('bearer header', `Authorization: Bearer ${key}`);
    case 12:
      return plain('as pasted', token);
    case 13: {
      // HTML character references, decimal or hex (any case); per character only for keys without `%`, `\` and `&`.
      const all = exotic || key.indexOf('&') >= 0 || r.chance(0.5);
      const reference = (char: string): string => {
        const code = char.charCodeAt(0);
        return r.chance(0.5) ? `&#${code};` : `&#${r.pick(['x', 'X'])}${hex2(code, r.chance(0.5))};`;
      };
      return plain('HTML references', key.split('').map((char) => (all || r.chance(0.6) ? reference(char) : char)).join(''));
    }
    default:
      return plain('JSON-stringified', JSON.stringify({ 'api-key': key }));
  }
}

const STATUSES = ['validating_files', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'paused', 'pending', 'notRunning'];
const ODD_STATUSES: unknown[] = ['', 'Running Now', 'queued\n', 'queued\r\nFtJob x: status succeeded', 'q'.repeat(32), 'q'.repeat(33), 'queued ', 'ｑｕｅｕｅｄ', 3, null, {}, ['queued'], true, 'succeeded;', 'queued-1'];
const ODD_IDS: unknown[] = ['', 'ftjob-', `ftjob-${'a'.repeat(129)}`, 'ftjob-abc\n1', 'ftjob-abc\r\n1', '../../files/file-x', 'ftjob-../x', 'file-abc123', 42, null, {}, 'FTJOB-abc', 'ftjob-ａｂｃ', 'ftjob-abc ', 'ft-', 'ftjob-abc?x=1'];

function randomJobId(r: Random): string {
  return r.pick(['ftjob-', 'ftjob-', 'ft-'] as const) + r.chars(`${ALNUM}-_`, r.int(1, 40));
}

/** A job object as OpenAI or Azure answers it; on `trainingFile` (Create's A1) when given. */
function baseJob(r: Random, trainingFile: string | null, id: unknown, status: unknown): Record<string, unknown> {
  return {
    object: 'fine_tuning.job',
    id,
    model: r.pick(['gpt-4o-mini-2024-07-18', 'gpt-4.1-2025-04-14', 'babbage-002']),
    created_at: r.int(1600000000, 1900000000),
    finished_at: r.chance(0.5) ? null : r.int(1600000000, 1900000000),
    fine_tuned_model: r.chance(0.5) ? null : `ft:gpt-4o-mini-2024-07-18:org::${r.chars(ALNUM, 8)}`,
    organization_id: `org-${r.chars(ALNUM, 12)}`,
    result_files: [],
    status,
    validation_file: null,
    training_file: trainingFile ?? `file-${r.chars(ALNUM, 12)}`,
    hyperparameters: { n_epochs: r.pick(['auto', 3]), batch_size: 'auto', learning_rate_multiplier: 'auto' },
    trained_tokens: null,
    error: r.chance(0.2) ? { code: 'invalid_training_file', message: 'bad file', param: 'training_file' } : null,
    seed: r.int(0, 2147483647),
    estimated_finish: null,
    integrations: [],
    metadata: r.chance(0.3) ? { team: 'ml', ticket: `T-${r.int(1, 999)}` } : null,
  };
}

const MARKER = '\u0000ECHO\u0000';

/**
 * A JSON job body with the echo (and maybe deep nesting or a huge field) at a random place.
 * The echo goes where MARKER is, as JSON string content, after serialization.
 */
function jobBody(r: Random, job: Record<string, unknown>, echo: Echo | null): Segment[] {
  const filler = (): string => r.chars(FILLER, r.int(0, 12));
  if (echo !== null) {
    const text = `${filler()}${MARKER}${filler()}`;
    switch (r.int(0, 6)) {
      case 0:
        job['model'] = text;
        break;
      case 1:
        job['fine_tuned_model'] = text;
        break;
      case 2:
        job['error'] = { code: 'x', message: text, param: null };
        break;
      case 3: {
        // In a nested debug object, 1 to 8 levels down.
        let inner: unknown = text;
        for (let depth = r.int(1, 8); depth > 0; depth -= 1) inner = r.chance(0.5) ? { [r.chars(ALNUM, 4)]: inner } : [inner];
        job['debug'] = inner;
        break;
      }
      case 4:
        job['metadata'] = { [`k${MARKER}`]: 'v' };
        break;
      case 5:
        job['result_files'] = [text];
        break;
      default:
        job['debug'] = { headers: { 'api-key': MARKER, authorization: `Bearer ${MARKER}` } };
    }
  }
  const json = JSON.stringify(job);
  const marker = jsonInner(MARKER);
  const parts = json.split(marker);
  const segments: Segment[] = [];
  parts.forEach((part, index) => {
    if (index > 0) segments.push(echo?.json ?? '');
    segments.push(part);
  });
  return segments;
}

/** An object or array nested `depth` deep, as JSON text. */
function nestedJson(r: Random, depth: number): Segment[] {
  return r.chance(0.5) ? [['[', depth], '1', [']', depth]] : [['{"a":', depth], '1', ['}', depth]];
}

function jsonAnswer(status: number, body: Segment[]): Answer {
  return { status, contentType: ['application/json'], body };
}

/** An error answer (non-2xx) whose message holds the echo, line breaks, or is huge. */
function errorAnswer(r: Random, echo: Echo): Answer {
  const status = r.pick([400, 401, 403, 404, 409, 418, 429, 500, 502, 503, 504]);
  switch (r.int(0, 5)) {
    case 0:
      return jsonAnswer(status, [`{"error":{"message":"Incorrect API key provided: `, echo.json, `","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`]);
    case 1:
      // A long message: the echo lands near the 1,000-character error cap or the log cap.
      return jsonAnswer(status, ['{"error":{"message":"', ['x', r.pick([950, 970, 990, 1000, 3960, 3975, 9950, 9990, 10000, r.int(0, 20000)])], echo.json, '"}}']);
    case 2:
      return jsonAnswer(status, ['{"error":{"message":"line one\\r\\nline two ', echo.json, '\\n"}}']);
    case 3:
      // Beyond the error cap and the log cap; now and then 1 MB.
      return jsonAnswer(status, ['{"error":{"message":"', ['m', r.chance(0.1) ? r.int(900000, 1200000) : r.int(1000, 30000)], '"}}']);
    case 4:
      return jsonAnswer(status, ['{"error":"', echo.json, '"}']);
    default:
      return jsonAnswer(status, ['{"error":', ...nestedJson(r, r.pick([31, 32, 33, 1000, 5000])), ',"message":"', echo.json, '"}']);
  }
}

/** A body that is not JSON (a gateway page), the echo at a random place, near the caps. */
function pageAnswer(r: Random, echo: Echo): Answer {
  const status = r.pick([200, 201, 400, 401, 500, 502, 503]);
  const before = r.pick([0, 100, 3950, 3975, 3990, 9960, 9985, 9995, r.int(0, 30000)]);
  return {
    status,
    contentType: [r.pick(['text/html', 'text/plain', 'text/html; charset=utf-8', ''])],
    body: ['<html><body>', ['.', before], echo.value, ['.', r.int(0, 5000)], '</body></html>'],
  };
}

/** An odd Content-Type: huge, holding the echo, or a line break. */
function contentTypeAnswer(r: Random, echo: Echo): Answer {
  const type: Segment[] = r.pick([
    ['text/html; x=', ['a', r.int(1000, 20000)]],
    [`text/html; k=`, echo.value],
    ['text/html\r\nX-Injected: ', echo.value],
  ]);
  return { status: r.pick([200, 500, 502]), contentType: type, body: ['<html>', echo.value, '</html>'] };
}

/** One answer to a request about `jobId` (null: Create, a new job on `trainingFile`). */
function randomAnswer(r: Random, key: string, token: string, jobId: string | null, trainingFile: string | null): { answer: Answer; kind: string } {
  const echo = echoOf(r, key, token);
  const id = jobId ?? randomJobId(r);
  const roll = r.int(0, 99);
  if (roll < 30) {
    const job = baseJob(r, trainingFile, id, r.pick(STATUSES));
    return { answer: jsonAnswer(r.pick([200, 200, 201]), jobBody(r, job, r.chance(0.8) ? echo : null)), kind: `job, echo ${echo.form}` };
  }
  if (roll < 40) {
    const job = baseJob(r, trainingFile, id, r.chance(0.3) ? echo.value : r.pick(ODD_STATUSES));
    return { answer: jsonAnswer(200, jobBody(r, job, null)), kind: 'odd status' };
  }
  if (roll < 48) {
    const odd = r.chance(0.25) ? (r.chance(0.5) ? echo.value : `ftjob-${echo.value}`) : r.pick(ODD_IDS);
    return { answer: jsonAnswer(200, jobBody(r, baseJob(r, trainingFile, odd, 'queued'), null)), kind: 'odd id' };
  }
  if (roll < 53) {
    const depth = r.pick([30, 31, 32, 33, 100, 1000, 5000]);
    const job = JSON.stringify(baseJob(r, trainingFile, id, 'queued')).slice(0, -1);
    return { answer: jsonAnswer(200, [job, ',"debug":', ...nestedJson(r, depth), '}']), kind: `job nested ${depth} deep` };
  }
  if (roll < 68) return { answer: errorAnswer(r, echo), kind: `error answer, echo ${echo.form}` };
  if (roll < 73) {
    return { answer: jsonAnswer(r.pick([200, 201, 202]), ['{"error":{"message":"', r.chance(0.5) ? 'quota exceeded ' : '', echo.json, '","type":"insufficient_quota"}}']), kind: '2xx error envelope' };
  }
  if (roll < 82) return { answer: pageAnswer(r, echo), kind: `page, echo ${echo.form}` };
  if (roll < 85) {
    // A job around the 1,000,000-character limit of a data item, or the log's cap. Half of them
    // are over the limit once pretty-printed (the job's other fields add 570 to 800 characters):
    // the JSON item cannot be written, the one failure that comes after the status item (and
    // Create's ID item) would be ready, so that a step writing those first is caught. A few are
    // just under the limit (a big write that must succeed).
    const job = JSON.stringify(baseJob(r, trainingFile, id, 'queued')).slice(0, -1);
    const near = r.next();
    const size = near < 0.5 ? r.int(999500, 1000500) : near < 0.6 ? r.int(997000, 998500) : r.int(5000, 20000);
    return { answer: jsonAnswer(200, [job, ',"note":"', ['n', size], '"}']), kind: 'big job' };
  }
  if (roll < 89) return { answer: contentTypeAnswer(r, echo), kind: 'odd Content-Type' };
  if (roll < 94) return { answer: { network: [r.pick(['connect timed out: ', 'refused header: ', 'java.io.IOException\r\n\tat ']), echo.value, r.chance(0.2) ? ['z', 100000] : ''] }, kind: 'network failure' };
  if (roll < 97 && jobId !== null) {
    return { answer: jsonAnswer(200, jobBody(r, baseJob(r, trainingFile, randomJobId(r), 'cancelled'), null)), kind: 'another job' };
  }
  if (roll < 97) {
    // Create: a new job, but on another training file (or with a validation file none was sent for).
    const job = baseJob(r, null, id, 'queued');
    if (r.chance(0.3)) Object.assign(job, { training_file: trainingFile, validation_file: `file-${r.chars(ALNUM, 12)}` });
    return { answer: jsonAnswer(200, jobBody(r, job, null)), kind: 'another job' };
  }
  return { answer: jsonAnswer(200, [r.pick(['[]', '[{"id":"ftjob-abc","status":"queued"}]', '42', '"queued"', 'null', 'true', '{}', ''])]), kind: 'not a job object' };
}

function randomConfigs(r: Random, step: StepName, jobId: string | null): { configs: Record<string, string>; azure: boolean } {
  const configs: Record<string, string> = {};
  const provider = r.int(0, 2);
  if (provider === 1) configs['StrConfU4'] = 'https://my-resource.openai.azure.com';
  if (provider === 2) configs['StrConfU4'] = 'https://gateway.example.com/v1';
  if (provider !== 1 && r.chance(0.3)) configs['StrConfU2'] = `org-${r.chars(ALNUM, 24)}`;
  if (provider !== 1 && r.chance(0.3)) configs['StrConfU3'] = `proj_${r.chars(ALNUM, 24)}`;
  if (step === 'create') {
    configs['StrConfA1'] = `file-${r.chars(ALNUM, 12)}`;
    configs['StrConfA2'] = 'gpt-4o-mini-2024-07-18';
  } else {
    configs['StrConfA1'] = jobId ?? '';
  }
  return { configs, azure: provider === 1 };
}

/** `count` cases for `step`, the same for the same seed. */
export function generateCases(step: StepName, count: number, seed: number): HostileCase[] {
  const r = new Random(seed);
  const cases: HostileCase[] = [];
  for (let i = 0; i < count; i += 1) {
    const key = randomKey(r);
    const token = `${r.pick(['', '', ' ', '\n', '\r\n', '\t', '  \n'])}${key}${r.pick(['', '', '\n', '\r\n', ' ', ' \r\n'])}`;
    const jobId = step === 'cancel' ? randomJobId(r) : null;
    const { configs, azure } = randomConfigs(r, step, jobId);
    const items = STEP_ITEMS[step].filter(() => r.chance(0.75));
    const endedIsFine = step === 'cancel' && r.chance(0.4);
    let answers: Answer[];
    let kind: string;
    if (endedIsFine && r.chance(0.6)) {
      // The cancel refused as for an ended job; the lookup gets any answer, often the real job.
      const refused = jsonAnswer(azure ? 409 : 400, ['{"error":{"message":"Job has already completed: ', jobId ?? '', '"}}']);
      const lookup = r.chance(0.4)
        ? { answer: jsonAnswer(200, jobBody(r, baseJob(r, null, jobId, r.pick(STATUSES)), r.chance(0.5) ? echoOf(r, key, token) : null)), kind: 'the job' }
        : randomAnswer(r, key, token, jobId, null);
      answers = [refused, lookup.answer];
      kind = `A2 lookup: ${lookup.kind}`;
    } else {
      const first = randomAnswer(r, key, token, jobId, step === 'create' ? (configs['StrConfA1'] ?? null) : null);
      answers = [first.answer];
      kind = first.kind;
    }
    cases.push({ token, key, configs, endedIsFine, items, answers, jobId, azure, kind });
  }
  return cases;
}

/**
 * The <test> block that runs every case as one `test('case <i>', …)` in one context: U1, the
 * configs and the chosen items (each holding `before <config>`) set, every request answered
 * from the case, then main(); a step error is what the host records, not a test failure.
 */
export function testBlockFor(cases: HostileCase[]): string {
  const wire = cases.map((c) => ({ token: c.token, configs: c.configs, endedIsFine: c.endedIsFine, items: c.items, answers: c.answers }));
  return `
var CASES = JSON.parse(${JSON.stringify(JSON.stringify(wire))});
function joinSegments(segments) {
  var out = '';
  for (var i = 0; i < segments.length; i += 1) {
    var segment = segments[i];
    out += typeof segment === 'string' ? segment : segment[0].repeat(segment[1]);
  }
  return out;
}
CASES.forEach(function (c, index) {
  test('case ' + index, function () {
    configs.putObject('AuthzConfU1', httpClient.createAuthSettingToken('API key', c.token));
    Object.keys(c.configs).forEach(function (name) { configs.put(name, c.configs[name]); });
    if (c.endedIsFine) configs.putObject('StrConfA2', true);
    c.items.forEach(function (item, n) {
      var definition = engine.createDataDefinition('item ' + item.config, n + 1, 'q_' + item.config, item.dataType);
      engine.setData(definition, 'before ' + item.config);
      configs.putObject(item.config, definition);
    });
    var sent = 0;
    httpClient.setRequestHandler(function () {
      var answer = c.answers[Math.min(sent, c.answers.length - 1)];
      sent += 1;
      if (answer.network) throw new Error(joinSegments(answer.network));
      return httpClient.createHttpResponse(answer.status, joinSegments(answer.contentType), joinSegments(answer.body));
    });
    try {
      main();
    } catch (e) {
      // recorded by the host as a step error
    }
  });
});
`;
}
