/** `engine` and `processInstance`: data items, the process log, temporary data. */
import { requireNumber, requireString, describe } from './java-checks';
import { toDecimal, toList } from './java-values';
import { state, type DataItem } from './state';

const DATA_TYPES = [
  'STRING_TEXTFIELD', 'STRING_TEXTAREA', 'DECIMAL', 'DATE_YMD', 'DATE_YM', 'DATE_Y', 'DATE_MD',
  'DATETIME', 'SELECT_SINGLE', 'SELECT_CHECKBOX', 'FILE', 'QUSER', 'QGROUP', 'LIST', 'DISCUSSION',
];

function findItem(definition: DataDefinitionView, method: string): DataItem {
  const item = state.dataItems.find((candidate) => candidate.definition === definition);
  if (!item) throw new TypeError(`${method}: the argument is not a data definition (got ${describe(definition)})`);
  return item;
}

/** Checks a value against the item's type, as the Java setter does, and converts it. */
function acceptValue(item: DataItem, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const where = `engine.setData(${item.definition.getName()})`;
  switch (item.dataType) {
    case 'STRING_TEXTFIELD':
      requireString(value, where, 'value');
      if (/[\r\n]/.test(value as string)) {
        throw new Error(`${where}: a single-line string item cannot hold a line break`);
      }
      return value;
    case 'STRING_TEXTAREA':
      return requireString(value, where, 'value');
    case 'DECIMAL':
      return toDecimal(typeof value === 'number' ? requireNumber(value, where, 'value') : String(value));
    case 'FILE':
      return toList(Array.isArray(value) ? value : [value]);
    default:
      return value;
  }
}

function createDataDefinition(name: string, number: number, varName: string | null, dataType: string): DataDefinitionView {
  requireString(name, 'engine.createDataDefinition', 'name');
  requireNumber(number, 'engine.createDataDefinition', 'number');
  requireString(dataType, 'engine.createDataDefinition', 'dataType');
  if (!DATA_TYPES.includes(dataType)) {
    throw new Error(`engine.createDataDefinition: unknown data type '${dataType}' (known: ${DATA_TYPES.join(', ')})`);
  }
  const definition: DataDefinitionView = {
    getName: () => name,
    getNumber: () => number,
    getVarName: () => varName,
    // STRING_TEXTAREA matches 'STRING' and 'STRING_TEXTAREA'.
    matchDataType: (type: string) => dataType === type || dataType.split('_')[0] === type,
  };
  state.dataItems.push({ definition, dataType, value: null });
  return definition;
}

export const engine: QuestetraEngine = {
  findData(definition: DataDefinitionView): unknown {
    const item = findItem(definition, 'engine.findData');
    // The platform gives null, never "", for an empty string item.
    return item.value === '' ? null : item.value;
  },
  setData(definition: DataDefinitionView, value: DataItemValue): void {
    const item = findItem(definition, 'engine.setData');
    item.value = acceptValue(item, value);
  },
  log(message: string): void {
    state.logs.push(requireString(message, 'engine.log', 'message'));
  },
  saveTemporaryData(data: string): void {
    state.temporaryData = requireString(data, 'engine.saveTemporaryData', 'data');
  },
  restoreTemporaryData(): string | null {
    return state.temporaryData;
  },
  createDataDefinition,
  createQfile(name: string, contentType: string, text: string): QfileView {
    requireString(name, 'engine.createQfile', 'name');
    requireString(contentType, 'engine.createQfile', 'contentType');
    requireString(text, 'engine.createQfile', 'text');
    return { getName: () => name, getContentType: () => contentType, getLength: () => text.length };
  },
};

export const processInstance: QuestetraProcessInstance = {
  getProcessInstanceId: () => 1,
  getProcessModelInfoId: () => 1,
};
