/** The host runtime (src/host/runtime) bundled into one ES2020 script any engine can evaluate. */
import { bundleEntry } from '../bundle/bundle.js';
import { checkScript } from '../bundle/gate.js';
import { ECMASCRIPT_GLOBALS } from '../bundle/globals.js';
import { packageRoot } from '../paths.js';

let cached: Promise<string> | undefined;

/**
 * The host script. It passes the same ES2020 gate as the add-ons, since GraalJS runs it at that
 * level too; `Java` is the one non-standard global it may touch (and only where it exists).
 */
export function hostRuntimeScript(): Promise<string> {
  cached ??= bundleEntry('src/host/runtime/index.ts', packageRoot()).then(({ code }) => {
    const script = `(function () {\n${code}})();\n`;
    checkScript(script, { addon: 'local host', part: '<script>' }, [...ECMASCRIPT_GLOBALS, 'Java']);
    return script;
  });
  return cached;
}
