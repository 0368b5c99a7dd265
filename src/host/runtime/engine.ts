/** `engine` and `processInstance`: data items, the process log, temporary data, the time zone. */
import { bytesOfText, type ByteArrayWrapper } from './bytes';
import { DATA_TYPES, DataDefinition, SelectItem, acceptValue, presentValue } from './data-items';
import { gmtId } from './dates';
import { createTestQfile } from './files';
import { describe, requireNumber, requireString } from './java-checks';
import { state, type DataItem } from './state';
import { createQuser } from './users';

function findItem(definition: unknown, method: string): DataItem {
  const item = state.dataItems.find((candidate) => candidate.definition === definition);
  if (!item) throw new TypeError(`${method}: the argument is not a data definition (got ${describe(definition)})`);
  return item;
}

/** A data item by its number, which scripts often pass as the text `configs.get` gave. */
function findItemByNumber(number: unknown, method: string): DataItem {
  const wanted = typeof number === 'string' && /^\s*-?\d+\s*$/.test(number) ? Number(number) : number;
  if (typeof wanted !== 'number') throw new TypeError(`${method}: the number must be a number or its text, got ${describe(number)}`);
  const item = state.dataItems.find((candidate) => candidate.definition.getNumber() === wanted);
  if (!item) throw new Error(`${method}: no data item has the number ${wanted}`);
  return item;
}

function findItemByVarName(varName: unknown, method: string): DataItem {
  requireString(varName, method, 'varName');
  const item = state.dataItems.find((candidate) => candidate.definition.getVarName() === varName);
  if (!item) throw new Error(`${method}: no data item has the field name ${String(varName)}`);
  return item;
}

function read(item: DataItem): unknown {
  return presentValue(item.definition, item.value);
}

function write(item: DataItem, value: unknown): void {
  item.value = acceptValue(item.definition, value);
}

function createDataDefinition(name: string, number: number, varName: string | null, dataType: string): DataDefinition {
  requireString(name, 'engine.createDataDefinition', 'name');
  requireNumber(number, 'engine.createDataDefinition', 'number');
  if (varName !== null && varName !== undefined) requireString(varName, 'engine.createDataDefinition', 'varName');
  requireString(dataType, 'engine.createDataDefinition', 'dataType');
  if (!(DATA_TYPES as readonly string[]).includes(dataType)) {
    throw new Error(`engine.createDataDefinition: unknown data type '${dataType}' (known: ${DATA_TYPES.join(', ')})`);
  }
  const definition = new DataDefinition(name, number, varName ?? null, dataType);
  state.dataItems.push({ definition, value: null });
  return definition;
}

export const engine: QuestetraEngine = {
  /** A STRING item's text (`null` when never set, `''` after `setData(def, '')`), a BigDecimal, a Java list… */
  findData(definition: DataDefinitionView): unknown {
    return read(findItem(definition, 'engine.findData'));
  },
  setData(definition: DataDefinitionView, value: DataItemValue): void {
    write(findItem(definition, 'engine.setData'), value);
  },
  findDataByNumber(number: number | string): unknown {
    return read(findItemByNumber(number, 'engine.findDataByNumber'));
  },
  setDataByNumber(number: number | string, value: DataItemValue): void {
    write(findItemByNumber(number, 'engine.setDataByNumber'), value);
  },
  findDataByVarName(varName: string): unknown {
    return read(findItemByVarName(varName, 'engine.findDataByVarName'));
  },
  setDataByVarName(varName: string, value: DataItemValue): void {
    write(findItemByVarName(varName, 'engine.setDataByVarName'), value);
  },
  findDataDefinitionByNumber(number: number | string): DataDefinitionView {
    return findItemByNumber(number, 'engine.findDataDefinitionByNumber').definition;
  },
  findDataDefinitionByVarName(varName: string): DataDefinitionView {
    return findItemByVarName(varName, 'engine.findDataDefinitionByVarName').definition;
  },
  /** A Java `String` parameter: null (and `undefined`, which GraalJS passes as null) is logged as `null`. */
  log(message: string): void {
    state.logs.push(message === null || message === undefined ? 'null' : requireString(message, 'engine.log', 'message'));
  },
  saveTemporaryData(data: string): void {
    state.temporaryData = requireString(data, 'engine.saveTemporaryData', 'data');
  },
  restoreTemporaryData(): string | null {
    return state.temporaryData;
  },
  /** The process's time zone: `GMT+09:00` unless a test sets another offset. */
  getTimeZoneId(): string {
    return gmtId(state.timeZoneOffsetMinutes);
  },
  setTimeZoneOffsetInMinutes(minutes: number): void {
    state.timeZoneOffsetMinutes = requireNumber(minutes, 'engine.setTimeZoneOffsetInMinutes', 'minutes');
  },
  createDataDefinition,
  /** `createQfile(name, contentType, text)` (text in the content type's charset, else UTF-8) or `createQfile(name, contentType, charset, text)`. */
  createQfile(name: string, contentType: string, charsetOrText: string, text?: string): QfileView {
    requireString(name, 'engine.createQfile', 'name');
    requireString(contentType, 'engine.createQfile', 'contentType');
    requireString(charsetOrText, 'engine.createQfile', text === undefined ? 'text' : 'charset');
    if (text !== undefined) requireString(text, 'engine.createQfile', 'text');
    return createTestQfile(name, contentType, charsetOrText, text);
  },
  createByteArray(text: string): ByteArrayWrapper {
    return bytesOfText(requireString(text, 'engine.createByteArray', 'text'));
  },
  /** A choice of a SELECT item: its value (ID) and label. */
  createItem(value: string, display: string): SelectItemView {
    return new SelectItem(requireString(value, 'engine.createItem', 'value'), requireString(display, 'engine.createItem', 'display'));
  },
  createQuser,
};

export const processInstance: QuestetraProcessInstance = {
  getProcessInstanceId: () => 1,
  getProcessModelInfoId: () => 1,
  getProcessInstanceTitle: () => 'Test process',
  /** A test runs as a normal (not a debug) execution. */
  getProcessInstanceDebug: () => false,
};
