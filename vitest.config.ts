import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One tier service per run: every GraalJS run in one JVM, no add-on run twice (see the file).
    globalSetup: ['test/setup/tier-service.ts'],
    // The hostile cases that end GraalJS's JVM by design run apart (vitest.jvm-ending.config.ts),
    // so that this run keeps to one JVM.
    exclude: [...configDefaults.exclude, 'test/jvm-ending/**'],
    // vitest's default is one worker fewer than there are cores (one, on two). Most suites spend
    // much of their time waiting for child processes (the JVM, sandbox processes, the CLI), so
    // a worker per core keeps the cores busy: on two cores, 50 s instead of 70 s for a run.
    maxWorkers: Math.max(2, availableParallelism()),
    // vitest's 5 s default is a figure for an idle machine: the suites that spawn processes (the
    // CLI, sandbox children, the JVM) or generate 10,000 answers took up to 10 s a test on two
    // cores at a load of 15, and a test that times out keeps running into the next one. A hang
    // still fails, a minute later.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
