/** `configs`, with the test API's `put` / `putObject`. */
import { requireString } from './java-checks';
import { declaredConfigs, state } from './state';

/**
 * Refuses to read a config the add-on does not declare: a typo in a script would otherwise read
 * as a blank config. Setting one is allowed, as Questetra's test host allows it (official tests
 * set configs that a later version of their add-on dropped).
 */
function checkDeclared(name: string, method: string): void {
  if (declaredConfigs.size > 0 && !declaredConfigs.has(name)) {
    throw new Error(`${method}: the add-on declares no config named '${name}'`);
  }
}

function isToggle(name: string): boolean {
  return declaredConfigs.get(name)?.formType === 'TOGGLE';
}

function objectAsString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return String(value);
  const view = value as Partial<DataDefinitionView & AuthSettingWrapper>;
  // A QUSER config reads as the user's ID.
  const user = value as Partial<QuserView>;
  if (typeof user.getEmail === 'function' && typeof user.getId === 'function') return String(user.getId());
  // A SELECT config reads as its data item's number, an OAUTH2 config as its setting's name.
  if (typeof view.getNumber === 'function') return String(view.getNumber());
  if (typeof view.getName === 'function') return view.getName();
  return String(value);
}

export const configs: QuestetraConfigs = {
  get(name: string): string {
    requireString(name, 'configs.get', 'name');
    checkDeclared(name, 'configs.get');
    const value = state.configValues.get(name);
    if (value !== undefined) return value;
    return objectAsString(state.configObjects.get(name));
  },
  getObject(name: string): unknown {
    requireString(name, 'configs.getObject', 'name');
    checkDeclared(name, 'configs.getObject');
    if (state.configObjects.has(name)) return state.configObjects.get(name);
    if (isToggle(name)) return state.configValues.get(name) === 'true';
    return null;
  },
  /** A Java `String` parameter: null (and `undefined`, which GraalJS passes as null) is a blank value. */
  put(name: string, value: string | null): void {
    requireString(name, 'configs.put', 'name');
    const text = value === null || value === undefined ? '' : requireString(value, 'configs.put', 'value');
    state.configObjects.delete(name);
    state.configValues.set(name, text);
  },
  putObject(name: string, value: DataDefinitionView | AuthSettingWrapper | QuserView | boolean | null): void {
    requireString(name, 'configs.putObject', 'name');
    state.configValues.delete(name);
    state.configObjects.set(name, value);
  },
};
