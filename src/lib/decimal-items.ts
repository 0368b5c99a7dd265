/**
 * DECIMAL (numeric) data items: choosing one in a SELECT config, and the value prepared for it
 * (a `java.math.BigDecimal`, as the platform holds numbers), written with the string outputs by
 * writeAll.
 */
import { type OutputItem, type PreparedOutput } from './data-items';
import { ConfigError } from './errors';

/** The DECIMAL data item chosen in an optional SELECT config, or null when none is chosen. */
export function readOptionalDecimalItem(configName: string): OutputItem | null {
  const value = configs.getObject(configName) as Partial<DataDefinitionView> | null | undefined;
  if (value === null || value === undefined) return null;
  if (typeof value.matchDataType !== 'function' || typeof value.getName !== 'function') {
    throw new ConfigError(configName, 'is not set to a data item');
  }
  if (!value.matchDataType('DECIMAL')) {
    throw new ConfigError(configName, `the data item "${value.getName()}" is not a numeric item; choose a numeric data item`);
  }
  return { configName, definition: value as DataDefinitionView, singleLine: true };
}

/** `value` (a whole number, or null: the item is cleared) prepared for `item`. */
export function decimalOutput(item: OutputItem | null, value: number | null): PreparedOutput | null {
  if (item === null) return null;
  return { item, value: value === null ? null : new java.math.BigDecimal(String(value)) };
}
