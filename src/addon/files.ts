/**
 * The add-on files a command is given (`qaddon lint`, `test`, `test-graaljs`): a file as it is, a
 * folder as its `*.xml` files. What keeps a file from being read at all (missing, a folder, no
 * permission, not a regular file) is a problem of that file, said in one phrase, so that the
 * command reports it as `<file>: <problem>` and goes on with the others.
 */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The files named by `paths`: a file as it is, a folder as its `*.xml` files (sorted by name, not
 * descending into subfolders). A path that cannot be listed or read, or a folder with no `.xml`
 * file, stays in the list as it is, so that the command reports it (fileProblem).
 */
export async function addonFilesOf(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const names = await xmlFilesIn(path);
    if (names === null || names.length === 0) files.push(path);
    else files.push(...names.map((name) => join(path, name)));
  }
  return files;
}

/** The `*.xml` file names of a folder, sorted; null when `path` is no folder or cannot be listed. */
async function xmlFilesIn(path: string): Promise<string[] | null> {
  const isFolder = await stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isFolder) return null;
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith('.xml'))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return null;
  }
}

/** Why `path` cannot be read as a file, in one phrase; null when it can. */
export async function fileProblem(path: string): Promise<string | null> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    return fileErrorText(error);
  }
  if (info.isDirectory()) {
    const names = await xmlFilesIn(path);
    if (names === null) return 'is a folder that cannot be listed (permission denied)';
    return names.length === 0 ? 'is a folder with no .xml file in it' : 'is a folder, not an add-on file (name its .xml files, or give it to a command that takes folders)';
  }
  if (!info.isFile()) return 'is not a regular file (a device, a pipe or a socket)';
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    return fileErrorText(error);
  }
  return null;
}

/** A file system error of one file as a phrase: `no such file or folder`, `cannot be read (permission denied)`. */
export function fileErrorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
      return 'no such file or folder (a part of the path is a file)';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied)';
    case 'EISDIR':
      return 'is a folder, not an add-on file';
    case 'ELOOP':
      return 'cannot be read (a loop of symbolic links)';
    case 'ENAMETOOLONG':
      return 'cannot be read (the name is too long)';
    default:
      return `cannot be read (${code ?? (error as Error).message})`;
  }
}
