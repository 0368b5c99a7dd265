/**
 * The data items a step writes its results into, and the one way it writes them: every output
 * is prepared first (serialized, passed through the secrets gate, checked against its item's
 * kind and the platform's size limit), and only when all are ready are they written, together.
 * A failure anywhere before that point leaves every data item as it was.
 *
 *     writeAll([textOutput(statusItem, job.status), jsonOutput(jsonItem, job)]);
 *
 * The arguments are evaluated before writeAll runs, so a value that cannot be written stops the
 * step before anything is written. Call writeAll once, last.
 */
import { ConfigError, OutputError } from './errors';
import { processLog } from './log';
import { conceal } from './secrets';

/**
 * The most characters a string data item holds: Questetra's limit, "The maximum number of
 * characters that can be entered in one Data Item is 1 million"
 * (https://support.questetra.com/data-items/string-type/).
 */
export const ITEM_LIMIT = 1000000;

/** The kinds of data item a SELECT config may be limited to. */
export type DataItemKind = 'single-line string' | 'multi-line string' | 'string';

/** How every refusal before writing ends: nothing was written. */
const NOTHING_WRITTEN = 'no data item was changed';

const MATCHING_TYPE: Record<DataItemKind, string> = {
  'single-line string': 'STRING_TEXTFIELD',
  'multi-line string': 'STRING_TEXTAREA',
  string: 'STRING',
};

/** A data item chosen to receive a result, with the config that chose it. */
export interface OutputItem {
  configName: string;
  definition: DataDefinitionView;
  /** Whether the item takes line breaks (a single-line item does not). */
  singleLine: boolean;
}

/** A value ready to be written: concealed, serialized and checked. */
export interface PreparedOutput {
  item: OutputItem;
  /** Text for a string item; a `java.math.BigDecimal` (or null) for a numeric one (decimal-items.ts). */
  value: DataItemValue;
}

function isDataDefinition(value: unknown): value is DataDefinitionView {
  const candidate = value as Partial<DataDefinitionView> | null;
  return !!candidate && typeof candidate.matchDataType === 'function' && typeof candidate.getName === 'function';
}

/** The data item chosen in an optional SELECT config, or null when none is chosen. */
export function readOptionalDataItem(configName: string, kind: DataItemKind): OutputItem | null {
  const value = configs.getObject(configName);
  if (value === null || value === undefined) return null;
  if (!isDataDefinition(value)) throw new ConfigError(configName, 'is not set to a data item');
  if (!value.matchDataType(MATCHING_TYPE[kind])) {
    throw new ConfigError(configName, `the data item "${value.getName()}" is not a ${kind} item; choose a ${kind} data item`);
  }
  return { configName, definition: value, singleLine: !value.matchDataType('STRING_TEXTAREA') };
}

/**
 * `value` prepared for `item` (null when no item is chosen: nothing to write). The key in any
 * form is concealed; a single-line item must get one line, and must not get a value that held
 * the key at all (an ID or a status never does); any item at most ITEM_LIMIT characters.
 */
export function textOutput(item: OutputItem | null, value: string): PreparedOutput | null {
  if (item === null) return null;
  const text = String(value);
  const shown = conceal(text);
  if (item.singleLine) {
    if (shown !== text) throw new OutputError(item.configName, `the value held the API key; ${NOTHING_WRITTEN}`);
    if (/[\r\n\u2028\u2029]/.test(text)) throw new OutputError(item.configName, `the value has a line break, which a single-line item cannot hold; ${NOTHING_WRITTEN}`);
  } else if (shown !== text) {
    processLog(`${item.definition.getName()}: the API key was removed from the value`);
  }
  if (shown.length > ITEM_LIMIT) {
    throw new OutputError(item.configName, `the value has ${shown.length} characters; a data item holds at most ${ITEM_LIMIT}; ${NOTHING_WRITTEN}`);
  }
  return { item, value: shown };
}

/** `value` as indented JSON, prepared for `item` like textOutput. */
export function jsonOutput(item: OutputItem | null, value: unknown): PreparedOutput | null {
  if (item === null) return null;
  let json: string | undefined;
  try {
    json = JSON.stringify(value, null, 2);
  } catch {
    json = undefined;
  }
  if (typeof json !== 'string') throw new OutputError(item.configName, `the value cannot be written as JSON; ${NOTHING_WRITTEN}`);
  return textOutput(item, json);
}

/** Writes every prepared output; null entries (no item chosen) are skipped. */
export function writeAll(outputs: (PreparedOutput | null)[]): void {
  for (const output of outputs) {
    if (output === null) continue;
    try {
      engine.setData(output.item.definition, output.value);
    } catch (error) {
      // Checked above, so the platform should never refuse; if it does, say so without its text.
      throw new OutputError(output.item.configName, `the platform refused the value (${error instanceof Error ? error.name : 'error'}); items before it may have been written`);
    }
  }
}
