/** The host runtime (src/host/runtime) bundled into one ES2020 script any engine can evaluate: the test host, and the run host of `qaddon run`. */
import { bundleEntry } from '../bundle/bundle.js';
import { checkScript } from '../bundle/gate.js';
import { ECMASCRIPT_GLOBALS } from '../bundle/globals.js';
import { packageRoot } from '../paths.js';
import { cachedScript, TOOLCHAIN_SOURCES } from './script-cache.js';

const cached = new Map<string, Promise<string>>();

/**
 * `entry` bundled, in a function of its own. It passes the same ES2020 gate as the add-ons,
 * since GraalJS runs it at that level too; `Java` is the one non-standard global it may touch
 * (and only where it exists). Made once per content of the toolchain's sources (script-cache.ts).
 */
function hostScript(name: string, entry: string): Promise<string> {
  let script = cached.get(entry);
  if (script === undefined) {
    script = cachedScript(name, TOOLCHAIN_SOURCES, () =>
      bundleEntry(entry, packageRoot()).then(({ code }) => {
        const wrapped = `(function () {\n${code}})();\n`;
        checkScript(wrapped, { addon: 'local host', part: '<script>' }, [...ECMASCRIPT_GLOBALS, 'Java']);
        return wrapped;
      }),
    );
    cached.set(entry, script);
  }
  return script;
}

/** The test host: the platform's objects and the `<test>` API (src/host/runtime/index.ts). */
export function hostRuntimeScript(): Promise<string> {
  return hostScript('host-runtime', 'src/host/runtime/index.ts');
}

/** The run host of `qaddon run`: the platform's objects, no `<test>` API (src/host/runtime/run-index.ts). */
export function hostRunScript(): Promise<string> {
  return hostScript('host-run', 'src/host/runtime/run-index.ts');
}
