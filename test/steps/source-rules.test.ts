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

/** The step and lib sources, without the <test> helpers, as [file, text]. */
function runtimeSources(): [string, string][] {
  return stepSources()
    .filter((file) => !file.endsWith('test.ts') && !file.endsWith('test-support.ts'))
    .map((file) => [file, readFileSync(file, 'utf8')]);
}

/** The files (of step and lib code) whose text matches `pattern`. */
function filesUsing(pattern: RegExp): string[] {
  return runtimeSources().filter(([, text]) => pattern.test(text)).map(([file]) => file.replace(/\\/g, '/')).sort();
}

test('everything bound for the log, an error or a data item has one way out, through the secrets gate', () => {
  // The process log: only processLog (src/lib/log.ts) calls engine.log, after conceal().
  expect(filesUsing(/engine\.log\(/)).toEqual(['src/lib/log.ts']);
  // Data items: only writeAll (src/lib/data-items.ts) calls engine.setData, after textOutput's conceal().
  expect(filesUsing(/engine\.setData\(/)).toEqual(['src/lib/data-items.ts']);
  // Errors: ConfigError, ApiError and OutputError (errorText: conceal, one line, capped); no bare Error.
  expect(filesUsing(/new (Error|TypeError|RangeError)\(/)).toEqual([]);
  expect(filesUsing(/errorText\(/)).toEqual(['src/lib/errors.ts']);
});

test('the key is read in one place and sent trimmed in one header', () => {
  expect(filesUsing(/getToken\(\)/)).toEqual(['src/lib/configs.ts']);
  // authSetting() would send the setting's token as it is, untrimmed.
  expect(filesUsing(/\.authSetting\(/)).toEqual([]);
  expect(filesUsing(/armSecretGate\(/)).toEqual(['src/lib/configs.ts', 'src/lib/secrets.ts']);
});

test('every step reads U1 first (readConnection), so the gate is armed before any other config is read', () => {
  for (const [file, text] of runtimeSources().filter(([name]) => name.endsWith('main.ts'))) {
    const body = text.slice(text.indexOf('export function main()'));
    const firstRead = body.search(/read[A-Z]\w*\(/);
    expect(body.slice(firstRead).startsWith('readConnection('), file).toBe(true);
  }
});
