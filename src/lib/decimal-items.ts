/** DECIMAL (numeric) data items: choosing one in a SELECT config, and the value written there. */
import { ConfigError } from './errors';

/** The DECIMAL data item chosen in an optional SELECT config, or null when none is chosen. */
export function readOptionalDecimalItem(configName: string): DataDefinitionView | null {
  const value = configs.getObject(configName) as Partial<DataDefinitionView> | null | undefined;
  if (value === null || value === undefined) return null;
  if (typeof value.matchDataType !== 'function' || typeof value.getName !== 'function') {
    throw new ConfigError(configName, 'is not set to a data item');
  }
  if (!value.matchDataType('DECIMAL')) {
    throw new ConfigError(configName, `the data item "${value.getName()}" is not a numeric item; choose a numeric data item`);
  }
  return value as DataDefinitionView;
}
