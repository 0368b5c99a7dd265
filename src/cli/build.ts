/** `qaddon build`: the steps under src/steps → addons/<name>.xml, each checked by lint. */
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { parseArgs, UsageError, type Command } from './command.js';
import { lintFiles } from './lint.js';

export const buildCommand: Command = {
  name: 'build',
  summary: 'build the steps under src/steps into addons/<name>.xml',
  usage: [
    'qaddon build [<step>…]',
    '  <step>   a step folder name under src/steps (e.g. openai-ftjob-cancel): build only those;',
    '           none given: every step',
    'Bundles each step (definition.ts, main.ts, test.ts, icon.png) with esbuild, refuses what',
    'GraalJS on the server would refuse (naming the TypeScript file and line), writes',
    'addons/<step>.xml only when its bytes change, and lints what it wrote.',
  ].join('\n'),
  examples: ['qaddon build', 'qaddon build openai-ftjob-cancel', 'npm run build   (compiles qaddon itself first, then builds every step)'],
  async run(args) {
    const { operands } = parseArgs(args, {});
    // Loaded here, not at the top: the other commands do without esbuild.
    const { BuildError } = await import('../build/build-addon.js');
    const { buildAll, stepNames } = await import('../build/build-all.js');
    const root = packageRoot();
    const known = await stepNames(root);
    const unknown = operands.filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      throw new UsageError(`no step named ${unknown.map((name) => `'${name}'`).join(', ')} in src/steps (the steps: ${known.join(', ')}; 'qaddon new <name>' adds one)`);
    }
    let reports;
    try {
      reports = await buildAll(root, operands.length > 0 ? operands : undefined);
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      for (const line of error.message.split('\n')) console.error(line);
      console.error('build failed: nothing was written');
      return 1;
    }
    for (const report of reports) {
      console.log(`${report.changed ? 'wrote    ' : 'unchanged'} ${report.file} (${report.bytes} bytes)`);
    }
    // The build checks its own output with the same lint users run.
    return lintFiles(reports.map((report) => join(root, report.file)));
  },
};
