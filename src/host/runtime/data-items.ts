/**
 * Data items: their definitions (`DataDefinitionView`, with the sub-items of a LIST/table), the
 * values the engine keeps for each type, and the tables (`ListArray`) and choices (`ItemView`)
 * a script meets. engine.ts exposes them through `engine.findData` / `setData` and friends.
 */
import { AddableDate, AddableTimestamp, epochOfDate, newAddableDate, newAddableTimestamp, parsePattern, systemZone } from './dates';
import { requireString } from './java-checks';
import { illegalArgument, indexOutOfBounds } from './java-errors';
import { RoundingMode } from './java-bigdecimal';
import { isJavaList, javaInterop, javaType, listElements, newJavaList, toDecimal } from './java-values';

/** Every type `engine.createDataDefinition` knows; `STRING`, `DATE`, `SELECT` are the families. */
export const DATA_TYPES = [
  'STRING_TEXTFIELD', 'STRING_TEXTAREA', 'STRING_MARKDOWN', 'STRING', 'DECIMAL', 'DATE_YMD', 'DATE_YM', 'DATE_Y', 'DATE_MD', 'DATE',
  'DATETIME', 'SELECT_SINGLE', 'SELECT_CHECKBOX', 'SELECT_DROPDOWN', 'SELECT', 'FILE', 'QUSER', 'QGROUP', 'LIST', 'DISCUSSION',
] as const;

function family(dataType: string): string {
  return dataType.split('_')[0] ?? dataType;
}

/** A choice of a SELECT item (Java `ItemView`): its value (the choice ID) and its label. */
export class SelectItem {
  private readonly value: string;
  private readonly display: string;

  constructor(value: string, display: string) {
    this.value = value;
    this.display = display;
  }

  getValue(): string {
    return this.value;
  }

  getDisplay(): string {
    return this.display;
  }

  equals(other: unknown): boolean {
    return other instanceof SelectItem && other.value === this.value;
  }

  toString(): string {
    return this.value;
  }
}

/** A column of a table (Java `SubDataDefinitionView`). */
export class SubDataDefinition {
  private readonly name: string;
  private readonly varName: string | null;
  private readonly dataType: string;
  /** The choices of a SELECT column. */
  readonly options: string[];
  /** The digits after the point of a DECIMAL column (cells are written with exactly these), or null. */
  readonly scale: number | null;

  constructor(name: string, varName: string | null, dataType: string, options: string[] = [], scale: number | null = null) {
    this.name = name;
    this.varName = varName;
    this.dataType = dataType;
    this.options = options;
    this.scale = scale;
  }

  getName(): string {
    return this.name;
  }

  getVarName(): string | null {
    return this.varName;
  }

  getDataType(): string {
    return this.dataType;
  }

  matchDataType(type: string): boolean {
    return matchesType(this.dataType, type);
  }
}

export function matchesType(dataType: string, wanted: string): boolean {
  return dataType === wanted || family(dataType) === wanted;
}

/** A data item's definition (Java `ProcessDataDefinitionView`). */
export class DataDefinition implements DataDefinitionView {
  private readonly name: string;
  private readonly number: number;
  private readonly varName: string | null;
  readonly dataType: string;
  readonly subDefinitions: SubDataDefinition[] = [];

  constructor(name: string, number: number, varName: string | null, dataType: string) {
    this.name = name;
    this.number = number;
    this.varName = varName;
    this.dataType = dataType;
  }

  getName(): string {
    return this.name;
  }

  getNumber(): number {
    return this.number;
  }

  getVarName(): string | null {
    return this.varName;
  }

  getDataType(): string {
    return this.dataType;
  }

  /** `matchDataType('STRING')` is true for every STRING_… type, `'DATE'` for every DATE_… one. */
  matchDataType(type: string): boolean {
    return matchesType(this.dataType, type);
  }

  isList(): boolean {
    return this.dataType === 'LIST';
  }

  /* The test API of a LIST item's columns. */
  addSubDataDefinition(name: string, varName: string | null, dataType: string): DataDefinition {
    this.requireList('addSubDataDefinition');
    this.subDefinitions.push(new SubDataDefinition(requireString(name, 'addSubDataDefinition', 'name'), varName, requireString(dataType, 'addSubDataDefinition', 'dataType')));
    return this;
  }

  /** A DECIMAL column with `scale` digits after the point (the separator flags only shape the form). */
  addDecimalSubDataDefinition(name: string, varName: string | null, scale?: number): DataDefinition {
    this.requireList('addDecimalSubDataDefinition');
    const digits = typeof scale === 'number' && Number.isInteger(scale) && scale >= 0 ? scale : null;
    this.subDefinitions.push(new SubDataDefinition(requireString(name, 'addDecimalSubDataDefinition', 'name'), varName, 'DECIMAL', [], digits));
    return this;
  }

  /** A SELECT column with its choices. */
  addSelectSubDataDefinition(name: string, varName: string | null, ...options: string[]): DataDefinition {
    this.requireList('addSelectSubDataDefinition');
    this.subDefinitions.push(new SubDataDefinition(requireString(name, 'addSelectSubDataDefinition', 'name'), varName, 'SELECT_SINGLE', options.map(String)));
    return this;
  }

  getSubDataDefinitions(): JavaList<SubDataDefinitionView> {
    return newJavaList(this.subDefinitions) as unknown as JavaList<SubDataDefinitionView>;
  }

  /** An empty table of this item's columns. */
  createListArray(): ListArray {
    this.requireList('createListArray');
    return new ListArray(this.subDefinitions.slice());
  }

  private requireList(method: string): void {
    if (!this.isList()) throw illegalArgument(`${method}: ${this.name} is a ${this.dataType} item, not a LIST (table)`);
  }

  toString(): string {
    return `${this.name} (q_${this.varName ?? this.number})`;
  }
}

/** A row of a table: one text per column. */
export class ListRow {
  private readonly columns: SubDataDefinition[];
  private readonly cells: string[];

  constructor(columns: SubDataDefinition[], cells?: string[]) {
    this.columns = columns;
    this.cells = cells ?? columns.map(() => '');
  }

  private index(column: number | string, method: string): number {
    const index = typeof column === 'number' ? column : this.columns.findIndex((sub) => sub.getVarName() === column || sub.getName() === column);
    if (index < 0 || index >= this.columns.length) {
      if (typeof column === 'number') throw indexOutOfBounds(column, this.columns.length);
      throw illegalArgument(`${method}: the table has no column '${column}'`);
    }
    return index;
  }

  /** The number of columns. */
  size(): number {
    return this.columns.length;
  }

  /** A cell's text (`''` when empty), by column index or field name. */
  getCol(column: number | string): string {
    return this.cells[this.index(column, 'getCol')] ?? '';
  }

  get(column: number | string): string {
    return this.getCol(column);
  }

  setCol(column: number | string, value: unknown): ListRow {
    const index = this.index(column, 'setCol');
    const text = value === null || value === undefined ? '' : String(value);
    this.cells[index] = cellText(this.columns[index] as SubDataDefinition, text);
    return this;
  }

  put(column: number | string, value: unknown): ListRow {
    return this.setCol(column, value);
  }

  /** A cell's value as its column's type: text, BigDecimal, AddableDate…; null when empty. */
  getObject(column: number | string): unknown {
    const index = this.index(column, 'getObject');
    const text = this.cells[index] ?? '';
    if (text === '') return null;
    const sub = this.columns[index] as SubDataDefinition;
    if (sub.matchDataType('DECIMAL')) return toDecimal(text.replace(/,/g, ''));
    if (sub.matchDataType('DATE')) return newAddableDate(parsePattern('yyyy-MM-dd', text, systemZone()));
    if (sub.matchDataType('DATETIME')) return newAddableTimestamp(parsePattern('yyyy-MM-dd HH:mm', text, systemZone()));
    if (sub.matchDataType('SELECT')) return newJavaList([text]);
    return text;
  }

  /** @internal */
  copy(): ListRow {
    return new ListRow(this.columns, this.cells.slice());
  }

  toString(): string {
    return `[${this.cells.join(', ')}]`;
  }
}

/** A cell as the table keeps it: a DECIMAL with its column's scale (`123.45` → `123.450` at scale 3). */
function cellText(column: SubDataDefinition, text: string): string {
  if (column.scale === null || !column.matchDataType('DECIMAL') || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text.trim())) return text;
  const decimal = toDecimal(text.trim()) as { setScale(scale: number, mode: unknown): { toPlainString(): string } };
  return decimal.setScale(column.scale, roundingHalfUp()).toPlainString();
}

/** `RoundingMode.HALF_UP`, the Java constant under GraalJS. */
function roundingHalfUp(): unknown {
  return javaInterop() ? (javaType<{ HALF_UP: unknown }>('java.math.RoundingMode')).HALF_UP : RoundingMode.HALF_UP;
}

/** A table's value (Java `ListArray` / `ScriptListArray`). */
export class ListArray {
  private readonly columns: SubDataDefinition[];
  private readonly rows: ListRow[] = [];

  constructor(columns: SubDataDefinition[]) {
    this.columns = columns;
  }

  /** The number of rows. */
  size(): number {
    return this.rows.length;
  }

  isEmpty(): boolean {
    return this.rows.length === 0;
  }

  addRow(): ListRow {
    const row = new ListRow(this.columns);
    this.rows.push(row);
    return row;
  }

  getRow(index: number): ListRow {
    const row = this.rows[index];
    if (!row) throw indexOutOfBounds(index, this.rows.length);
    return row;
  }

  removeRow(index: number): ListRow {
    const row = this.getRow(index);
    this.rows.splice(index, 1);
    return row;
  }

  /** A cell's text, by row and column (index or field name). */
  get(row: number, column: number | string): string {
    return this.getRow(row).getCol(column);
  }

  getObject(row: number, column: number | string): unknown {
    return this.getRow(row).getObject(column);
  }

  set(row: number, column: number | string, value: unknown): void {
    this.getRow(row).setCol(column, value);
  }

  /** @internal A deep copy: what findData gives is the engine's, not the script's. */
  copy(): ListArray {
    const copy = new ListArray(this.columns);
    for (const row of this.rows) copy.rows.push(row.copy());
    return copy;
  }

  toString(): string {
    return `[${this.rows.map((row) => row.toString()).join(', ')}]`;
  }
}

/**
 * What a data item holds after `setData(definition, value)`. Values are converted as the engine
 * converts them (a number or text into a DECIMAL's BigDecimal, any Java date into an Addable
 * date, an array into a Java list); anything else is kept as it is, as Questetra's test host
 * keeps it (official tests put an AddableTimestamp into a STRING item and read it back).
 */
export function acceptValue(definition: DataDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (family(definition.dataType)) {
    case 'DECIMAL':
      return typeof value === 'number' || typeof value === 'string' || isDecimal(value) ? toDecimal(String(value)) : value;
    case 'DATE':
      return value instanceof AddableDate || !hasTime(value) ? value : newAddableDate(epochOfDate(value, 'engine.setData'));
    case 'DATETIME':
      return value instanceof AddableTimestamp || !hasTime(value) ? value : newAddableTimestamp(epochOfDate(value, 'engine.setData'));
    case 'SELECT':
    case 'FILE':
      return Array.isArray(value) || isJavaList(value) ? listElements(value) : [value];
    case 'LIST':
      return value instanceof ListArray ? value.copy() : value;
    default:
      return value;
  }
}

function hasTime(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { getTime?: unknown }).getTime === 'function';
}

/** What `engine.findData` gives for a stored value: lists and tables as fresh copies. */
export function presentValue(definition: DataDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (family(definition.dataType)) {
    case 'SELECT':
    case 'FILE':
      return Array.isArray(value) ? newJavaList(value) : value;
    case 'LIST':
      return value instanceof ListArray ? value.copy() : value;
    default:
      return value;
  }
}

function isDecimal(value: unknown): boolean {
  const decimal = value as { toPlainString?: unknown; scale?: unknown } | null;
  return !!decimal && typeof decimal === 'object' && typeof decimal.toPlainString === 'function' && typeof decimal.scale === 'function';
}
