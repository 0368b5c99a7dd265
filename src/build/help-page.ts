/**
 * Each add-on's help page is its own section of the README in the user's language. The
 * project's public home is written once, as `homepage` in package.json; the build derives every
 * help-page URL from it, so that moving the project changes one line.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bilingual } from './definition.js';

/** The README of each language, at the root of the package (and of the repository). */
export const README_FILES: Bilingual = { en: 'README.md', ja: 'README.ja.md' };

/** The branch whose README users read. */
const PUBLISHED_BRANCH = 'main';

/** `https://github.com/<owner>/<repository>`, nothing after it: the form the URLs are built on. */
const REPOSITORY_HOME = /^https:\/\/github\.com\/[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9._-]+$/;

/** package.json's `homepage`, checked to be a repository's home on GitHub. */
export async function projectHomepage(root: string): Promise<string> {
  const file = join(root, 'package.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as { homepage?: unknown };
  const homepage = manifest.homepage;
  if (typeof homepage !== 'string' || !REPOSITORY_HOME.test(homepage)) {
    throw new Error(
      `${file}: "homepage" must be the project's repository home, https://github.com/<owner>/<repository> ` +
        `(the add-ons' help pages are its README sections); it is ${JSON.stringify(homepage)}`,
    );
  }
  return homepage;
}

/** The anchor of an add-on's section in both READMEs: the add-on's name, e.g. `openai-ftjob-cancel`. */
export function helpAnchor(addonName: string): string {
  return addonName;
}

/** The help-page URLs of one add-on: its section of README.md (en) and of README.ja.md (ja). */
export function helpPageUrls(homepage: string, addonName: string): Bilingual {
  const url = (readme: string): string => `${homepage}/blob/${PUBLISHED_BRANCH}/${readme}#${helpAnchor(addonName)}`;
  return { en: url(README_FILES.en), ja: url(README_FILES.ja) };
}
