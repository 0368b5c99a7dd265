/**
 * Rules for the code that is bundled into steps, which the compiler alone does not enforce:
 * no `any` (types come from the host declarations and OpenAI's contract), and no import of
 * anything but src/lib, type-only packages, and the step's own folder.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

function stepSources(): string[] {
  const steps = readdirSync('src/steps', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => ['main.ts', 'test.ts'].map((file) => join('src/steps', entry.name, file)))
    .filter((file) => {
      try {
        readFileSync(file);
        return true;
      } catch {
        return false;
      }
    });
  const lib = readdirSync('src/lib').filter((file) => file.endsWith('.ts')).map((file) => join('src/lib', file));
  return [...steps, ...lib];
}

test('step and lib code has no `any`', () => {
  const sources = stepSources();
  expect(sources.length).toBeGreaterThanOrEqual(8);
  const offending = sources.filter((file) => /(:\s*any\b|\bas\s+any\b|<any>|\bany\[\])/.test(readFileSync(file, 'utf8')));
  expect(offending).toEqual([]);
});

test('step and lib code imports packages for types only', () => {
  for (const file of stepSources()) {
    const imports = [...readFileSync(file, 'utf8').matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)];
    for (const [, typeOnly, from] of imports) {
      if (!from?.startsWith('.')) expect({ file, from, typeOnly: Boolean(typeOnly) }).toEqual({ file, from, typeOnly: true });
    }
  }
});
