/** FILE data items: the one file a step works on, chosen in a SELECT config. */
import { ConfigError } from './errors';

/** A FILE item's value as the engine gives it: a Java list of files. */
interface FileList {
  size(): number;
  get(index: number): QfileView;
}

/** The FILE data item chosen in a required SELECT config. */
function readFileItem(configName: string): DataDefinitionView {
  const value = configs.getObject(configName) as Partial<DataDefinitionView> | null | undefined;
  if (value === null || value === undefined) throw new ConfigError(configName, 'no data item is chosen; choose a FILE data item');
  if (typeof value.matchDataType !== 'function' || typeof value.getName !== 'function') {
    throw new ConfigError(configName, 'is not set to a data item');
  }
  if (!value.matchDataType('FILE')) {
    throw new ConfigError(configName, `the data item "${value.getName()}" is not a FILE item; choose a FILE data item`);
  }
  return value as DataDefinitionView;
}

/** The one file held by the FILE item of `configName`; none, or more than one, is an error. */
export function readOneFile(configName: string, what: string): QfileView {
  const item = readFileItem(configName);
  const files = engine.findData(item) as FileList | null;
  const count = files === null ? 0 : files.size();
  if (count !== 1) {
    const holds = count === 0 ? 'holds no file' : `holds ${count} files`;
    throw new ConfigError(configName, `the data item "${item.getName()}" ${holds}; it must hold exactly one (${what})`);
  }
  return (files as FileList).get(0);
}
