/** `qaddon lint`: checks add-on XML files, ours or anyone's, against the platform's format. */
import { readFile } from 'node:fs/promises';
import { addonFilesOf, fileErrorText, fileProblem } from '../addon/files.js';
import { printable } from '../host/printable.js';
import { parseArgs, UsageError, type Command } from './command.js';

/** Lints `files`, printing one `<file>: <element>: <rule>` line per problem (`<file>: <problem>` for a file that cannot be read), then a closing count. */
export async function lintFiles(files: string[]): Promise<number> {
  // Loaded here, not at the top: `qaddon --help` and the other commands do without the XML reader.
  const { lintAddonXml } = await import('../addon/lint.js');
  let problems = 0;
  const report = (line: string): void => {
    // The file's own text may be quoted: printed without its control characters.
    console.log(printable(line));
    problems += 1;
  };
  for (const file of files) {
    const problem = await fileProblem(file);
    if (problem) {
      report(`${file}: ${problem}`);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      report(`${file}: ${fileErrorText(error)}`);
      continue;
    }
    // Bytes, not text: lint checks that the file is UTF-8.
    for (const found of lintAddonXml(bytes)) report(`${file}: ${found.element}: ${found.rule}`);
  }
  console.log(problems === 0 ? `${files.length} file(s) checked, no problems` : `${problems} problem(s)`);
  return problems === 0 ? 0 : 1;
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check add-on XML files (ours or anyone\'s) against the platform\'s format',
  usage: [
    'qaddon lint <file.xml|folder>…',
    '  <file.xml|folder>   add-on files to check; a folder stands for its *.xml files',
    'Prints one line per problem, `<file>: <element>: <rule>` (`<file>: <problem>` for a file that',
    'cannot be read: missing, a folder with no .xml file, no permission), checks every file given,',
    'and exits 1 when any problem was found.',
  ].join('\n'),
  examples: ['qaddon lint addons/*.xml', 'qaddon lint ~/Downloads/my-addon.xml', 'qaddon lint addons/'],
  async run(args) {
    const { operands } = parseArgs(args, {});
    if (operands.length === 0) throw new UsageError('name at least one add-on file or folder');
    return lintFiles(await addonFilesOf(operands));
  },
};
