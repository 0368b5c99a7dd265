/**
 * `qaddon run`: the configs and data items of one run (RunSetup), put into the host's state as a
 * workflow app would hold them: each chosen data item numbered from 1 and named after the
 * config that chose it, a file of a FILE item made from its bytes, an HTTP authorization
 * setting (Token Fixed Value) per token.
 */
import { AuthSetting } from './auth-settings';
import { bytesOfUint8, uint8OfBase64 } from './bytes';
import { DataDefinition, DATA_TYPES, SelectItem, acceptValue, matchesType } from './data-items';
import { newAddableDate, newAddableTimestamp, parsePattern, systemZone } from './dates';
import { Qfile } from './files';
import type { RunItem, RunSetup } from './run-protocol';
import { declaredConfigs, state } from './state';
import { toDecimal } from './java-values';

/** The value `item` starts with, as the engine would hold it. */
function initialValue(item: RunItem): unknown {
  if (item.dataType === 'FILE') {
    // The type a browser upload of an unknown extension gets, refined by the name as the platform does (.csv → text/csv).
    return item.files.map((file) => new Qfile(file.name, 'application/octet-stream', bytesOfUint8(uint8OfBase64(file.base64, false))));
  }
  const text = item.value;
  if (text === null) return null;
  if (matchesType(item.dataType, 'DECIMAL')) return toDecimal(text);
  if (matchesType(item.dataType, 'DATETIME')) return newAddableTimestamp(parsePattern('yyyy-MM-dd HH:mm', text, systemZone()));
  if (matchesType(item.dataType, 'DATE')) return newAddableDate(parsePattern('yyyy-MM-dd', text, systemZone()));
  if (matchesType(item.dataType, 'SELECT')) return [new SelectItem(text, text)];
  return text;
}

/** Puts `setup` into the host's state; returns what is wrong with it, or ''. */
export function applyRunSetup(setup: RunSetup): string {
  declaredConfigs.clear();
  for (const config of setup.declared) declaredConfigs.set(config.name, { name: config.name, formType: config.formType });
  for (const { name, value } of setup.values) state.configValues.set(name, value);
  for (const { config, name, token } of setup.auth) {
    const setting = new AuthSetting(name, 'TOKEN', { token });
    state.authSettings.push(setting);
    state.configObjects.set(config, setting);
  }
  for (let i = 0; i < setup.items.length; i += 1) {
    const item = setup.items[i] as RunItem;
    if ((DATA_TYPES as readonly string[]).indexOf(item.dataType) < 0) return `${item.config}: the host has no data type ${item.dataType}`;
    const definition = new DataDefinition(item.config, i + 1, null, item.dataType);
    let value: unknown;
    try {
      value = initialValue(item);
    } catch (error) {
      return `${item.config}: ${JSON.stringify(item.value)} is no value of a ${item.dataType} item (${error instanceof Error ? error.message : String(error)})`;
    }
    state.dataItems.push({ definition, value: acceptValue(definition, value) });
    state.configObjects.set(item.config, definition);
  }
  return '';
}
