/** The host runtime (src/host/runtime) bundled into one ES2020 script any engine can evaluate. */
import { bundleEntry } from '../bundle/bundle.js';
import { checkScript } from '../bundle/gate.js';
import { ECMASCRIPT_GLOBALS } from '../bundle/globals.js';
import { packageRoot } from '../paths.js';
import { cachedScript } from './script-cache.js';

let cached: Promise<string> | undefined;

/** What shapes the host script: its sources, and the bundler and gate that make it. */
const HOST_SOURCES = ['src/host/runtime', 'src/bundle', 'src/addon/xml-chars.ts', 'src/host/runtime-bundle.ts'];

/**
 * The host script. It passes the same ES2020 gate as the add-ons, since GraalJS runs it at that
 * level too; `Java` is the one non-standard global it may touch (and only where it exists). Made
 * once per content of its sources (script-cache.ts).
 */
export function hostRuntimeScript(): Promise<string> {
  cached ??= cachedScript('host-runtime', HOST_SOURCES, () =>
    bundleEntry('src/host/runtime/index.ts', packageRoot()).then(({ code }) => {
      const script = `(function () {\n${code}})();\n`;
      checkScript(script, { addon: 'local host', part: '<script>' }, [...ECMASCRIPT_GLOBALS, 'Java']);
      return script;
    }),
  );
  return cached;
}
