/**
 * Data items: their definitions (`DataDefinitionView`, with the sub-items of a LIST/table), the
 * values the engine keeps for each type, and the tables (`ListArray`) and choices (`ItemView`)
 * a script meets. engine.ts exposes them through `engine.findData` / `setData` and friends.
 */
import { AddableDate, AddableTimestamp, epochOfDate, newAddableDate, newAddableTimestamp, parsePattern, systemZone } from './dates';
import { isQfile } from './files';
import { describe, requireString } from './java-checks';
import { illegalArgument, indexOutOfBounds } from './java-errors';
import { isJavaList, listElements, newJavaList, toDecimal } from './java-values';
import { isQuser } from './users';

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

  constructor(name: string, varName: string | null, dataType: string, options: string[] = []) {
    this.name = name;
    this.varName = varName;
    this.dataType = dataType;
    this.options = options;
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

  /** A DECIMAL column (its scale and separators only shape the form, not the stored text). */
  addDecimalSubDataDefinition(name: string, varName: string | null): DataDefinition {
    this.requireList('addDecimalSubDataDefinition');
    this.subDefinitions.push(new SubDataDefinition(requireString(name, 'addDecimalSubDataDefinition', 'name'), varName, 'DECIMAL'));
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
    this.cells[this.index(column, 'setCol')] = value === null || value === undefined ? '' : String(value);
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

/** What a data item of `definition`'s type holds after `setData(definition, value)`, or a TypeError. */
export function acceptValue(definition: DataDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const where = `engine.setData(${definition.getName()})`;
  const type = definition.dataType;
  switch (family(type)) {
    case 'STRING':
    case 'DISCUSSION':
      requireString(value, where, 'value');
      if (type === 'STRING_TEXTFIELD' && /[\r\n]/.test(value as string)) {
        throw new Error(`${where}: a single-line string item cannot hold a line break`);
      }
      return value;
    case 'DECIMAL':
      if (typeof value === 'number' || typeof value === 'string' || isDecimal(value)) return toDecimal(String(value));
      throw new TypeError(`${where}: a DECIMAL item holds a java.math.BigDecimal, got ${describe(value)}`);
    case 'DATE':
      if (value instanceof AddableDate) return value;
      return newAddableDate(epochOfDate(value, where));
    case 'DATETIME':
      if (value instanceof AddableTimestamp) return value;
      return newAddableTimestamp(epochOfDate(value, where));
    case 'SELECT':
      return listElements(value).map((choice) => {
        if (typeof choice === 'string' || choice instanceof SelectItem) return choice;
        throw new TypeError(`${where}: a SELECT item holds choices (engine.createItem) or choice IDs, got ${describe(choice)}`);
      });
    case 'FILE':
      return listElements(value).map((file) => {
        if (!isQfile(file)) throw new TypeError(`${where}: a FILE item holds files (QfileView / NewQfile), got ${describe(file)}`);
        return file;
      });
    case 'QUSER':
      if (isQuser(value)) return value;
      throw new TypeError(`${where}: a QUSER item holds a user (engine.createQuser / quserDao), got ${describe(value)}`);
    case 'LIST':
      if (value instanceof ListArray) return value.copy();
      throw new TypeError(`${where}: a LIST item holds a table (createListArray()), got ${describe(value)}`);
    default:
      return value;
  }
}

/** What `engine.findData` gives for a stored value: lists and tables as fresh copies. */
export function presentValue(definition: DataDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (family(definition.dataType)) {
    case 'SELECT':
    case 'FILE':
      return newJavaList(value as unknown[]);
    case 'LIST':
      return (value as ListArray).copy();
    default:
      return value;
  }
}

function isDecimal(value: unknown): boolean {
  const decimal = value as { toPlainString?: unknown; scale?: unknown } | null;
  return !!decimal && typeof decimal === 'object' && typeof decimal.toPlainString === 'function' && typeof decimal.scale === 'function';
}

/** A Java list, a JS array or one value: the elements. */
export function elementsOf(value: unknown): unknown[] {
  return isJavaList(value) || Array.isArray(value) ? listElements(value) : [value];
}
