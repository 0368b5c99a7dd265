/** Types of the parts of build/update-figures.mjs that test/update-figures.test.ts exercises. */
export const READMES: { en: string; ja: string };
export interface TestRun {
  files: { file: string; passed: number; failed: number }[];
  passed: number;
  failed: number;
  wallSeconds: number;
  cpuSeconds: number | undefined;
}
export interface Conditions {
  commit: string;
  date: string;
  platform: string;
  cores: number;
  cpu: string;
  load: string;
  node: string;
}
export function blockOf(text: string, name: string): string | undefined;
export function replaceBlock(text: string, name: string, content: string, file?: string): string;
export function parseTestOutput(stdout: string): Pick<TestRun, 'files' | 'passed' | 'failed'>;
export function addonsBlock(node: TestRun, graal: TestRun | undefined, when: Conditions, locale: 'en' | 'ja'): string;
export function corpusBlock(node: TestRun, graal: TestRun | undefined, fileCount: number, when: Conditions, locale: 'en' | 'ja'): string;
export interface Measured {
  wallSeconds: number;
  cpuSeconds: number | undefined;
}
export interface NpmTestRun {
  build: Measured;
  typecheck: Measured;
  vitest: Measured & { tests: number; jvmStarts: number };
  all: Measured & { tests: number; jvmStarts: number };
}
export function parseVitestOutput(output: string): { tests: number; jvmStarts: number };
export function npmTestBlock(run: NpmTestRun, when: Conditions, locale: 'en' | 'ja'): string;
export function parseDemoOutput(output: string): { runs: number; demoSeconds: number };
export function demoBlock(run: Measured & { runs: number; demoSeconds: number }, when: Conditions, locale: 'en' | 'ja'): string;
