/**
 * What a tier's runner reports about one add-on, checked field by field as it arrives: the
 * runner records each test's name and verdict itself; the evidence (logs, requests, data
 * items, secrets) is JSON text the host wrote inside the sandbox, where the add-on's own code
 * could have touched it, so it is read as untrusted input.
 */
import type { RecordedData, RecordedRequest, TestEvidence, TestOutcome } from './runtime/protocol.js';

export interface EngineOutcome {
  name: string;
  /** Set when the add-on could not load, or did not finish (its tests so far are kept). */
  loadError: string | null;
  tests: TestOutcome[];
  /**
   * Set when the file itself could not be read as add-on XML (missing, a folder, unreadable, not
   * well-formed): loadError says why. The add-on never ran.
   */
  unreadable?: boolean;
  /** Wall-clock milliseconds from the add-on's start to its end (or to its process being stopped). */
  durationMs: number;
}

/** `<script>:line:column` or `<test>:line:column`, with at most 9 digits each: all `where` may be. */
const ADDON_LOCATION = /^<(script|test)>:[1-9]\d{0,8}:[1-9]\d{0,8}$/;

/**
 * A test as the runner recorded it, with the host's evidence; unreadable evidence fails the test.
 * `where` (where a failure was thrown) is kept only when it is an add-on location as the host
 * writes it, and only for a failed test.
 */
export function testOutcome(name: string, passed: boolean, error: string | null, evidenceJson: string, where: unknown = null): TestOutcome {
  const location = !passed && typeof where === 'string' && ADDON_LOCATION.test(where) ? where : null;
  let evidence: TestEvidence;
  try {
    evidence = readEvidence(JSON.parse(evidenceJson) as unknown);
  } catch (problem) {
    return {
      ...emptyEvidence(),
      name,
      passed: false,
      where: location,
      error: `${error === null ? '' : `${error}; `}the host's record of this test is unreadable (${(problem as Error).message})`,
    };
  }
  return { ...evidence, name, passed, error: passed ? null : (error ?? 'failed'), where: location };
}

function emptyEvidence(): TestEvidence {
  return { stepErrors: [], requests: [], logs: [], data: [], secrets: [] };
}

function readEvidence(value: unknown): TestEvidence {
  const record = objectAt(value, 'evidence');
  return {
    // Fields a newer host adds travel along unchecked; the known ones are checked.
    ...record,
    stepErrors: stringsAt(record['stepErrors'], 'stepErrors'),
    requests: listAt(record['requests'], 'requests').map((request, index) => readRequest(request, `requests[${index}]`)),
    logs: stringsAt(record['logs'], 'logs'),
    data: listAt(record['data'], 'data').map((item, index) => readData(item, `data[${index}]`)),
    secrets: stringsAt(record['secrets'], 'secrets'),
  };
}

function readRequest(value: unknown, where: string): RecordedRequest {
  const record = objectAt(value, where);
  const headers = objectAt(record['headers'], `${where}.headers`);
  for (const [key, header] of Object.entries(headers)) stringAt(header, `${where}.headers.${key}`);
  return {
    method: stringAt(record['method'], `${where}.method`),
    url: stringAt(record['url'], `${where}.url`),
    contentType: stringOrNullAt(record['contentType'], `${where}.contentType`),
    headers: headers as Record<string, string>,
    body: stringOrNullAt(record['body'], `${where}.body`),
  };
}

function readData(value: unknown, where: string): RecordedData {
  const record = objectAt(value, where);
  return {
    name: stringAt(record['name'], `${where}.name`),
    varName: stringOrNullAt(record['varName'], `${where}.varName`),
    value: stringOrNullAt(record['value'], `${where}.value`),
  };
}

function objectAt(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where} is not an object`);
  return value as Record<string, unknown>;
}

function listAt(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${where} is not a list`);
  return value;
}

function stringsAt(value: unknown, where: string): string[] {
  return listAt(value, where).map((item, index) => stringAt(item, `${where}[${index}]`));
}

function stringAt(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where} is not a string`);
  return value;
}

function stringOrNullAt(value: unknown, where: string): string | null {
  return value === null ? null : stringAt(value, where);
}
